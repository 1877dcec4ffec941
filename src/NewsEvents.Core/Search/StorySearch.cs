using NewsEvents.Extraction.Events;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Core.Search;

/// <param name="Text">Web-search syntax: stories with a member article that matches.</param>
/// <param name="Entity">Stories whose members mention this entity (or one merged into it).</param>
/// <param name="From">Stories still running at or after this time (their last article).</param>
/// <param name="To">Stories that had begun before this time (their first article).</param>
/// <param name="MinArticles">Only stories of at least this many articles.</param>
public sealed record StoryQuery(
    string? Text = null,
    Guid? Entity = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int MinArticles = 1,
    int Limit = 20,
    string? After = null);

/// <summary>An entity with the number of a story's articles that mention it.</summary>
public sealed record EntityCount(EntityReference Entity, int Articles);

/// <param name="Title">The title of the story's earliest article.</param>
/// <param name="SourceCount">Distinct sources (an article without a source counts as one).</param>
/// <param name="TopEntities">The entities most members mention, up to five.</param>
public sealed record StoryHit(
    Guid Id,
    string Title,
    int ArticleCount,
    int SourceCount,
    DateTimeOffset FirstPublishedAt,
    DateTimeOffset LastPublishedAt,
    IReadOnlyList<EntityCount> TopEntities);

public sealed record StoryPage(IReadOnlyList<StoryHit> Items, string? Next);

/// <param name="DuplicateOf">The member this one is a near-duplicate of, if any.</param>
public sealed record StoryArticle(Guid Id, string Title, string? Source, string? Url, DateTimeOffset PublishedAt, Guid? DuplicateOf);

/// <param name="Name">Null for articles posted without a source.</param>
public sealed record StorySource(Guid? Id, string? Name, int Articles);

/// <summary>One kind of event (type, actor, target) the members report, with an example.</summary>
public sealed record StoryEvent(EventType Type, EntityReference? Actor, EntityReference? Target, int Articles, Guid ExampleId, string ExampleSentence);

/// <param name="Articles">The members in publication order, up to <see cref="StorySearch.MaxArticles"/> (see Story.ArticleCount for all).</param>
/// <param name="Entities">The entities the members mention, most shared first, up to <see cref="StorySearch.MaxEntities"/>.</param>
/// <param name="TopEvents">The events most members report, up to <see cref="StorySearch.MaxEvents"/>.</param>
public sealed record StoryDetail(
    StoryHit Story,
    IReadOnlyList<StoryArticle> Articles,
    IReadOnlyList<StorySource> Sources,
    IReadOnlyList<EntityCount> Entities,
    IReadOnlyList<StoryEvent> TopEvents);

/// <summary>Lists stories (most recently active first) and reads one with its members, sources, entities and events.</summary>
public sealed class StorySearch(NpgsqlDataSource dataSource)
{
    public const int MaxArticles = 100;
    public const int MaxEntities = 25;
    public const int MaxEvents = 10;
    public const int MaxSources = 100;
    private const int TopEntitiesPerHit = 5;
    private const string Config = Data.NewsEventsDbContext.TextSearchConfiguration;

    /// <summary>Null when the cursor is not one this search issued.</summary>
    public async Task<StoryPage?> SearchAsync(StoryQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var filters = new SqlConditions(command);
        if (query.Text is { } text)
        {
            filters.Add($"s.id IN (SELECT story_id FROM articles WHERE search_vector @@ websearch_to_tsquery('{Config}', @text))", "text", text);
        }
        if (query.Entity is { } entity)
        {
            filters.Add("""
                s.id IN (SELECT story_id FROM story_entities
                         WHERE entity_id IN (SELECT id FROM entities WHERE id = @entity OR merged_into_id = @entity))
                """, "entity", entity);
        }
        if (query.From is { } from) filters.Add("s.last_published_at >= @from", "from", from.ToUniversalTime());
        if (query.To is { } to) filters.Add("s.first_published_at < @to", "to", to.ToUniversalTime());
        if (query.MinArticles > 1) filters.Add("s.article_count >= @min_articles", "min_articles", query.MinArticles);
        if (query.After is not null)
        {
            if (KeysetToken.TryDecode(query.After, 2) is not { } parts
                || !KeysetToken.TryParse(parts[0], out DateTimeOffset afterAt)
                || !KeysetToken.TryParse(parts[1], out Guid afterId))
            {
                return null;
            }
            filters.Add("(s.last_published_at, s.id) < (@after_at, @after_id)");
            command.Parameters.AddWithValue("after_at", afterAt);
            command.Parameters.AddWithValue("after_id", afterId);
        }
        command.Parameters.AddWithValue("limit", query.Limit + 1);
        command.CommandText = $"""
            {HitSelect}
            WHERE {filters}
            ORDER BY s.last_published_at DESC, s.id DESC
            LIMIT @limit
            """;
        List<StoryHit> hits;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            hits = await ReadHitsAsync(reader, cancellationToken);
        }
        if (hits.Count <= query.Limit)
        {
            return new StoryPage(hits, null);
        }
        var last = hits[query.Limit - 1];
        return new StoryPage(hits[..query.Limit], KeysetToken.Encode(KeysetToken.Of(last.LastPublishedAt), KeysetToken.Of(last.Id)));
    }

    /// <summary>The story with its members, sources, entities and top events; null when no story has this id.</summary>
    public async Task<StoryDetail?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"{HitSelect} WHERE s.id = $1"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT a.id, a.title, src.name, a.url, a.published_or_ingested_at, a.duplicate_of
            FROM articles AS a LEFT JOIN sources AS src ON src.id = a.source_id
            WHERE a.story_id = $1 ORDER BY a.published_or_ingested_at, a.id LIMIT {MaxArticles}
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT src.id, src.name, count(*)::int AS n
            FROM articles AS a LEFT JOIN sources AS src ON src.id = a.source_id
            WHERE a.story_id = $1 GROUP BY src.id, src.name ORDER BY n DESC, src.name NULLS LAST LIMIT {MaxSources}
            """));
        // Read live from the members (not the centroid) so a curator's merge shows at once.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT e.id, e.canonical_name, e.type, count(DISTINCT ae.article_id)::int AS n
            FROM articles AS a JOIN article_entities AS ae ON ae.article_id = a.id
            JOIN entities AS named ON named.id = ae.entity_id JOIN entities AS e ON e.id = coalesce(named.merged_into_id, named.id)
            WHERE a.story_id = $1 GROUP BY e.id, e.canonical_name, e.type ORDER BY n DESC, e.canonical_name, e.id LIMIT {MaxEntities}
            """));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            SELECT ev.type_code, actor.id, actor.canonical_name, actor.type, target.id, target.canonical_name, target.type,
                   count(DISTINCT ev.article_id)::int AS n, (array_agg(ev.id ORDER BY ev.confidence DESC, ev.id))[1],
                   (array_agg(ev.sentence ORDER BY ev.confidence DESC, ev.id))[1]
            FROM articles AS a JOIN events AS ev ON ev.article_id = a.id
            LEFT JOIN entities AS actor ON actor.id = ev.actor_entity_id
            LEFT JOIN entities AS target ON target.id = ev.target_entity_id
            WHERE a.story_id = $1 AND ev.rejected_at IS NULL
            GROUP BY ev.type_code, actor.id, actor.canonical_name, actor.type, target.id, target.canonical_name, target.type
            ORDER BY n DESC, ev.type_code, actor.canonical_name NULLS LAST, target.canonical_name NULLS LAST
            LIMIT {MaxEvents}
            """));
        foreach (var command in batch.BatchCommands)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = id });
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var story = (await ReadHitsAsync(reader, cancellationToken)).SingleOrDefault();
        if (story is null)
        {
            return null;
        }
        await reader.NextResultAsync(cancellationToken);
        var articles = await ReadAllAsync(reader, r => new StoryArticle(
            r.GetGuid(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), r.GetFieldValue<DateTimeOffset>(4),
            r.IsDBNull(5) ? null : r.GetGuid(5)), cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var sources = await ReadAllAsync(reader, r => new StorySource(r.IsDBNull(0) ? null : r.GetGuid(0), NullableString(r, 1), r.GetInt32(2)), cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var entities = await ReadAllAsync(reader, r => new EntityCount(Reference(r, 0)!, r.GetInt32(3)), cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var events = await ReadAllAsync(reader, r =>
        {
            var code = r.GetString(0);
            return new StoryEvent(EventTaxonomy.Find(code) ?? new EventType(code, code), Reference(r, 1), Reference(r, 4),
                r.GetInt32(7), r.GetGuid(8), r.GetString(9));
        }, cancellationToken);
        return new StoryDetail(story, articles, sources, entities, events);
    }

    private static readonly string HitSelect = $"""
        SELECT s.id, s.title, s.article_count, s.source_count, s.first_published_at, s.last_published_at,
               top.ids, top.names, top.types, top.counts
        FROM stories AS s
        CROSS JOIN LATERAL (
            SELECT array_agg(e.id ORDER BY se.article_count DESC, e.id) AS ids,
                   array_agg(e.canonical_name ORDER BY se.article_count DESC, e.id) AS names,
                   array_agg(e.type ORDER BY se.article_count DESC, e.id) AS types,
                   array_agg(se.article_count ORDER BY se.article_count DESC, e.id) AS counts
            FROM (SELECT entity_id, article_count FROM story_entities WHERE story_id = s.id
                  ORDER BY article_count DESC, entity_id LIMIT {TopEntitiesPerHit}) AS se
            JOIN entities AS e ON e.id = se.entity_id
        ) AS top
        """;

    private static Task<List<StoryHit>> ReadHitsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        ReadAllAsync(reader, r =>
        {
            var top = r.IsDBNull(6) ? [] : r.GetFieldValue<Guid[]>(6).Select((entityId, i) => new EntityCount(
                new EntityReference(entityId, r.GetFieldValue<string[]>(7)[i], Enum.Parse<EntityType>(r.GetFieldValue<string[]>(8)[i], true)),
                r.GetFieldValue<int[]>(9)[i])).ToList();
            return new StoryHit(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5), top);
        }, cancellationToken);

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }
        return items;
    }

    /// <summary>The entity whose id, name and type are in three columns from <paramref name="column"/>; null when the id is.</summary>
    private static EntityReference? Reference(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null
            : new EntityReference(reader.GetGuid(column), reader.GetString(column + 1), Enum.Parse<EntityType>(reader.GetString(column + 2), true));

    private static string? NullableString(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
