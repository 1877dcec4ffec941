using Npgsql;

namespace NewsEvents.Core.Search;

/// <summary>A processed article as the live stream sends it.</summary>
public sealed record StreamedArticle(
    Guid Id,
    string Title,
    string? Url,
    string? Source,
    string? Language,
    DateTimeOffset? PublishedAt,
    DateTimeOffset ProcessedAt);

/// <summary>
/// Tests processed articles against criteria held in memory (the live stream's subscribers) with
/// <see cref="ArticleCriteria.Predicate"/>: one statement for one article against every subscriber.
/// </summary>
public sealed class ArticleMatcher(NpgsqlDataSource dataSource)
{
    private const string Columns = "a.id, a.title, a.url, s.name, a.language, a.published_at, a.processed_at";

    /// <summary>The article and the indexes of the criteria it meets; null when it is gone or not processed.</summary>
    public async Task<(StreamedArticle Article, IReadOnlyList<int> Matched)?> MatchAsync(
        Guid articleId, IReadOnlyList<ArticleCriteria> criteria, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}, array_agg(c.key ORDER BY c.key) FILTER (WHERE c.key IS NOT NULL)
            FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id
            LEFT JOIN {CriteriaRows(command, criteria)} ON {ArticleCriteria.Predicate}
            WHERE a.id = @article AND a.status = 'processed'
            GROUP BY a.id, s.name
            """;
        command.Parameters.AddWithValue("article", articleId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return (Read(reader), reader.IsDBNull(7) ? [] : reader.GetFieldValue<int[]>(7));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> articles meeting <paramref name="criteria"/> processed after article
    /// <paramref name="lastId"/>, in processing order: what a stream client that saw that one has missed since.
    /// </summary>
    public async Task<IReadOnlyList<StreamedArticle>> SinceAsync(
        ArticleCriteria criteria, Guid lastId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}
            FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id CROSS JOIN {CriteriaRows(command, [criteria])}
            WHERE (a.processed_at, a.id) > (SELECT last.processed_at, last.id FROM articles AS last WHERE last.id = @last)
              AND {ArticleCriteria.Predicate}
            ORDER BY a.processed_at, a.id
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("last", lastId);
        command.Parameters.AddWithValue("limit", limit);
        var articles = new List<StreamedArticle>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            articles.Add(Read(reader));
        }
        return articles;
    }

    /// <summary>The criteria as a derived table <c>c</c> with the columns the predicate reads, one row per item (key = index).</summary>
    private static string CriteriaRows(NpgsqlCommand command, IReadOnlyList<ArticleCriteria> criteria)
    {
        command.Parameters.AddWithValue("c_words", criteria.Select(c => c.Words).ToArray());
        command.Parameters.AddWithValue("c_entity_ids", criteria.Select(c => c.EntityId).ToArray());
        command.Parameters.AddWithValue("c_entity_types", criteria.Select(c => c.EntityType?.ToString().ToLowerInvariant()).ToArray());
        command.Parameters.AddWithValue("c_sources", criteria.Select(c => c.Source).ToArray());
        command.Parameters.AddWithValue("c_languages", criteria.Select(c => c.Language).ToArray());
        command.Parameters.AddWithValue("c_event_codes", criteria.Select(c => c.EventCode).ToArray());
        command.Parameters.AddWithValue("c_from_ats", criteria.Select(c => c.FromAt?.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue("c_to_ats", criteria.Select(c => c.ToAt?.ToUniversalTime()).ToArray());
        return $"""
            (SELECT (u.ordinality - 1)::int AS key, u.words, websearch_to_tsquery('{Data.NewsEventsDbContext.TextSearchConfiguration}', u.words) AS search_query,
                    u.entity_id, u.entity_type, u.source, u.language, u.event_code, u.from_at, u.to_at
             FROM unnest(@c_words::text[], @c_entity_ids::uuid[], @c_entity_types::text[], @c_sources::text[], @c_languages::text[],
                         @c_event_codes::text[], @c_from_ats::timestamptz[], @c_to_ats::timestamptz[]) WITH ORDINALITY
                  AS u(words, entity_id, entity_type, source, language, event_code, from_at, to_at, ordinality)) AS c
            """;
    }

    private static StreamedArticle Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetFieldValue<DateTimeOffset>(6));
}
