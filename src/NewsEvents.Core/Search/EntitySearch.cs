using System.Text;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Core.Search;

/// <param name="Text">A name, a part of one, or a misspelling of one. Null lists entities by coverage.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code.</param>
public sealed record EntityQuery(string? Text, EntityType? Type, string? Country, int Limit, string? After);

/// <param name="Score">How well the name matched: 2 exact, 1.5 a prefix of a name or of one of its words, else trigram word similarity (0–1).</param>
/// <param name="MatchedName">The name or alias that matched.</param>
public sealed record EntityHit(
    Guid Id,
    string Name,
    EntityType Type,
    LocationKind? Kind,
    string? CountryCode,
    int ArticleCount,
    int MentionCount,
    double? Score,
    string? MatchedName);

public sealed record EntityPage(IReadOnlyList<EntityHit> Items, string? Next);

/// <summary>
/// Finds entities by name over every alias: exact, prefix (of the name or of any word in it) and fuzzy (pg_trgm word
/// similarity, so "putn" finds Putin), ranked by match quality, then coverage.
/// </summary>
public sealed class EntitySearch(NpgsqlDataSource dataSource)
{
    /// <summary>Lowest pg_trgm word similarity that still counts as a match.</summary>
    public const double FuzzyThreshold = 0.4;

    public async Task<EntityPage?> SearchAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var hasText = query.Text is not null;
        // A merged entity is only a redirect to its survivor.
        var filters = new List<string> { "e.merged_into_id IS NULL" };
        if (query.Type is { } type)
        {
            filters.Add("e.type = @type");
            command.Parameters.AddWithValue("type", type.ToString().ToLowerInvariant());
        }
        if (query.Country is not null)
        {
            filters.Add("e.country_code = @country");
            command.Parameters.AddWithValue("country", query.Country.ToUpperInvariant());
        }

        string keyset = "";
        if (query.After is not null)
        {
            var parts = KeysetToken.TryDecode(query.After, 4);
            if (parts is null || parts[0] != (hasText ? "q" : "all")
                || !KeysetToken.TryParse(parts[1], out double score) || !KeysetToken.TryParse(parts[2], out long articles)
                || !KeysetToken.TryParse(parts[3], out Guid id))
            {
                return null;
            }
            keyset = hasText
                ? "AND (score, article_count, id) < (@after_score, @after_articles, @after_id)"
                : "AND (article_count, id) < (@after_articles, @after_id)";
            command.Parameters.AddWithValue("after_score", score);
            command.Parameters.AddWithValue("after_articles", (int)Math.Clamp(articles, int.MinValue, int.MaxValue));
            command.Parameters.AddWithValue("after_id", id);
        }
        command.Parameters.AddWithValue("limit", query.Limit + 1);

        string candidates;
        if (hasText)
        {
            // The threshold of the indexed <% operator is a setting; SET LOCAL keeps it to this query.
            await using (var threshold = new NpgsqlCommand(
                $"SET LOCAL pg_trgm.word_similarity_threshold = {FuzzyThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                connection, transaction))
            {
                await threshold.ExecuteNonQueryAsync(cancellationToken);
            }
            command.Parameters.AddWithValue("text", query.Text!);
            command.Parameters.AddWithValue("prefix", EscapeLike(query.Text!) + "%");
            command.Parameters.AddWithValue("word_prefix", "% " + EscapeLike(query.Text!) + "%");
            // Each entity once, with its best-matching alias. The three ways to match are three scans of the trigram
            // index, not one OR: under an OR the planner, which takes word_similarity for cheap, reads every alias
            // and computes the similarity of each (95 ms for "United States" among 11,566 aliases, against 1 ms).
            candidates = $"""
                SELECT DISTINCT ON (e.id) e.id, e.canonical_name, e.type, e.kind, e.country_code, e.article_count,
                       e.mention_count, m.score, m.alias
                FROM (
                    SELECT a.entity_id, a.alias,
                           CASE WHEN lower(a.alias) = lower(@text) THEN 2.0
                                WHEN a.alias ILIKE @prefix OR a.alias ILIKE @word_prefix THEN 1.5
                                ELSE word_similarity(@text, a.alias) END AS score
                    FROM (
                        SELECT entity_id, alias FROM entity_aliases WHERE alias ILIKE @prefix
                        UNION SELECT entity_id, alias FROM entity_aliases WHERE alias ILIKE @word_prefix
                        UNION SELECT entity_id, alias FROM entity_aliases WHERE @text <% alias
                    ) AS a
                ) AS m JOIN entities AS e ON e.id = m.entity_id
                WHERE {Conditions(filters)}
                ORDER BY e.id, m.score DESC
                """;
        }
        else
        {
            candidates = $"""
                SELECT e.id, e.canonical_name, e.type, e.kind, e.country_code, e.article_count, e.mention_count,
                       NULL::float8 AS score, NULL::text AS alias
                FROM entities AS e WHERE {Conditions(filters)}
                """;
        }
        var order = hasText ? "score DESC, article_count DESC, id DESC" : "article_count DESC, id DESC";
        var sql = new StringBuilder($"SELECT * FROM ({candidates}) AS ranked WHERE true {keyset} ORDER BY {order} LIMIT @limit");
        command.CommandText = sql.ToString();

        var hits = new List<EntityHit>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new EntityHit(
                    reader.GetGuid(0), reader.GetString(1), Enum.Parse<EntityType>(reader.GetString(2), true),
                    reader.IsDBNull(3) ? null : Enum.Parse<LocationKind>(reader.GetString(3), true),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5), reader.GetInt32(6),
                    reader.IsDBNull(7) ? null : reader.GetDouble(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }
        await transaction.CommitAsync(cancellationToken);

        if (hits.Count <= query.Limit)
        {
            return new EntityPage(hits, null);
        }
        var last = hits[query.Limit - 1];
        var next = KeysetToken.Encode(hasText ? "q" : "all", KeysetToken.Of(last.Score ?? 0), KeysetToken.Of(last.ArticleCount), KeysetToken.Of(last.Id));
        return new EntityPage(hits[..query.Limit], next);
    }

    /// <summary>The entity a name means in a query's <c>entity:</c> filter: the best match, or null when none matches.</summary>
    public async Task<Guid?> BestMatchAsync(string name, CancellationToken cancellationToken) =>
        await SearchAsync(new EntityQuery(name, null, null, 1, null), cancellationToken) is { Items: [var best, ..] } ? best.Id : null;

    private static string Conditions(List<string> filters) => filters.Count > 0 ? string.Join(" AND ", filters) : "true";

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
