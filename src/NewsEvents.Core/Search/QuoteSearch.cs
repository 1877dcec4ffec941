using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Core.Search;

/// <param name="Speaker">Said by this entity.</param>
/// <param name="About">Mentioning this entity inside the quoted words.</param>
/// <param name="Text">Web-search syntax over the quoted words.</param>
/// <param name="From">Inclusive, on the article's publication (else ingestion) time.</param>
/// <param name="To">Exclusive.</param>
public sealed record QuoteQuery(
    Guid? Speaker = null,
    Guid? About = null,
    string? Text = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool IncludeRejected = false,
    int Limit = 20,
    string? After = null);

/// <param name="Direct">Quoted words, as opposed to reported speech.</param>
/// <param name="PublishedAt">Publication (else ingestion) time of the article.</param>
public sealed record QuoteHit(
    Guid Id,
    string Text,
    EntityReference? Speaker,
    string? Cue,
    bool Direct,
    Guid ArticleId,
    string ArticleTitle,
    string? Source,
    DateTimeOffset PublishedAt,
    TextField Field,
    int Start,
    int End,
    bool Rejected);

public sealed record QuotePage(IReadOnlyList<QuoteHit> Items, string? Next);

/// <summary>Who said what: quotes by speaker, by what they mention, by words; newest first.</summary>
public sealed class QuoteSearch(NpgsqlDataSource dataSource)
{
    private const string Config = Data.NewsEventsDbContext.TextSearchConfiguration;

    /// <summary>Null when the cursor is not one this search issued.</summary>
    public async Task<QuotePage?> SearchAsync(QuoteQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var filters = new SqlConditions(command);
        if (query.Speaker is { } speaker) filters.Add("q.speaker_entity_id = @speaker", "speaker", speaker);
        if (query.About is { } about)
        {
            filters.Add("""
                EXISTS (SELECT 1 FROM mentions AS m WHERE m.article_id = q.article_id AND m.entity_id = @about
                        AND m.field = q.field AND m.start >= q.start AND m."end" <= q."end")
                """, "about", about);
        }
        if (query.Text is { } text) filters.Add($"to_tsvector('{Config}', q.text) @@ websearch_to_tsquery('{Config}', @text)", "text", text);
        if (query.From is { } from) filters.Add("q.published_or_ingested_at >= @from", "from", from.ToUniversalTime());
        if (query.To is { } to) filters.Add("q.published_or_ingested_at < @to", "to", to.ToUniversalTime());
        if (!query.IncludeRejected) filters.Add("q.rejected_at IS NULL");
        if (query.After is not null)
        {
            if (KeysetToken.TryDecode(query.After, 2) is not { } parts
                || !KeysetToken.TryParse(parts[0], out DateTimeOffset at) || !KeysetToken.TryParse(parts[1], out Guid afterId))
            {
                return null;
            }
            filters.Add("(q.published_or_ingested_at, q.id) < (@after_at, @after_id)", "after_at", at);
            command.Parameters.AddWithValue("after_id", afterId);
        }
        command.Parameters.AddWithValue("limit", query.Limit + 1);

        command.CommandText = $"""
            SELECT q.id, q.text, speaker.id, speaker.canonical_name, speaker.type, q.cue, q.is_direct, a.id, a.title, s.name,
                   q.published_or_ingested_at, q.field, q.start, q."end", q.rejected_at IS NOT NULL
            FROM quotes AS q
            JOIN articles AS a ON a.id = q.article_id
            LEFT JOIN sources AS s ON s.id = a.source_id
            LEFT JOIN entities AS speaker ON speaker.id = q.speaker_entity_id
            WHERE {filters}
            ORDER BY q.published_or_ingested_at DESC, q.id DESC
            LIMIT @limit
            """;
        var hits = new List<QuoteHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(new QuoteHit(
                reader.GetGuid(0), reader.GetString(1),
                reader.IsDBNull(2) ? null : new EntityReference(reader.GetGuid(2), reader.GetString(3), Enum.Parse<EntityType>(reader.GetString(4), true)),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetBoolean(6), reader.GetGuid(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10),
                Enum.Parse<TextField>(reader.GetString(11), true), reader.GetInt32(12), reader.GetInt32(13), reader.GetBoolean(14)));
        }
        if (hits.Count <= query.Limit)
        {
            return new QuotePage(hits, null);
        }
        var last = hits[query.Limit - 1];
        return new QuotePage(hits[..query.Limit], KeysetToken.Encode(KeysetToken.Of(last.PublishedAt), KeysetToken.Of(last.Id)));
    }
}
