using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Search;

/// <summary>
/// A search query (the language of <see cref="SearchQuery"/>) compiled to plain values, for testing articles against
/// it as they are processed rather than searching for them: alerts store these values as columns, the live stream
/// passes them as arrays, and both test an article with the one <see cref="Predicate"/>.
/// </summary>
/// <param name="Words">Web-search syntax; PostgreSQL compiles it with websearch_to_tsquery, as search does.</param>
/// <param name="EntityId">The entity <c>entity:</c> named, resolved as /search resolves it (the best name match).</param>
/// <param name="EntityType">The article mentions an entity of this type.</param>
/// <param name="EventCode">The article reports an event under this CAMEO code (or a code below it).</param>
/// <param name="ToAt">Exclusive.</param>
public sealed record ArticleCriteria(
    string? Words,
    Guid? EntityId,
    EntityType? EntityType,
    string? Source,
    string? Language,
    string? EventCode,
    DateTimeOffset? FromAt,
    DateTimeOffset? ToAt)
{
    /// <summary>Matches every article that is not a near-duplicate.</summary>
    public static readonly ArticleCriteria Everything = new(null, null, null, null, null, null, null, null);

    /// <summary>
    /// True when article <c>a</c> (with its source <c>s</c>, LEFT JOINed) meets criteria <c>c</c>, a row with the
    /// columns words, search_query (websearch_to_tsquery of words), entity_id, entity_type, source, language,
    /// event_code, from_at and to_at, each null when it sets no condition. Near-duplicates never match: they are
    /// left out of search hits too, and their original already matched.
    /// </summary>
    internal const string Predicate = """
        a.status = 'processed' AND a.duplicate_of IS NULL
        AND (c.words IS NULL OR a.search_vector @@ c.search_query)
        AND (c.source IS NULL OR lower(s.name) = lower(c.source))
        AND (c.language IS NULL OR a.language = c.language)
        AND (c.from_at IS NULL OR a.published_or_ingested_at >= c.from_at)
        AND (c.to_at IS NULL OR a.published_or_ingested_at < c.to_at)
        AND (c.entity_id IS NULL OR EXISTS (
            SELECT 1 FROM article_entities AS ae JOIN entities AS e ON ae.entity_id IN (e.id, e.merged_into_id)
            WHERE ae.article_id = a.id AND e.id = c.entity_id))
        AND (c.entity_type IS NULL OR EXISTS (
            SELECT 1 FROM article_entities AS ae JOIN entities AS e ON e.id = ae.entity_id
            WHERE ae.article_id = a.id AND e.type = c.entity_type))
        AND (c.event_code IS NULL OR EXISTS (
            SELECT 1 FROM events AS ev WHERE ev.article_id = a.id AND ev.rejected_at IS NULL AND starts_with(ev.type_code, c.event_code)))
        """;

    /// <summary>
    /// Parses <paramref name="query"/> and resolves its <c>entity:</c> as /search does. Unlike a search, which simply
    /// finds nothing, criteria naming an entity nobody knows are an error: they would wait forever for nothing.
    /// </summary>
    public static async Task<(ArticleCriteria? Criteria, IReadOnlyList<string> Errors)> CompileAsync(
        string query, EntitySearch entities, CancellationToken cancellationToken)
    {
        var (parsed, errors) = SearchQuery.Parse(query);
        if (parsed is null)
        {
            return (null, errors);
        }
        Guid? entityId = null;
        if (parsed.Entity is { } name)
        {
            entityId = await entities.BestMatchAsync(name, cancellationToken);
            if (entityId is null)
            {
                return (null, [$"entity:{name} names no known entity (see /api/v1/entities?q=)."]);
            }
        }
        return (new ArticleCriteria(
            Words: parsed.Text,
            EntityId: entityId,
            EntityType: parsed.Type,
            Source: parsed.Source,
            Language: parsed.Language,
            EventCode: parsed.EventCode,
            FromAt: parsed.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            ToAt: parsed.To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)), []);
    }
}
