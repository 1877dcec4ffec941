using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Keeps the per-entity aggregates (entity totals, daily coverage, titles, co-occurring pairs) equal to what article_entities
/// holds: a set of articles' rows are subtracted before they are changed and added back once changed, in the same
/// transaction (processing changes one article; curation, every article of the entities it merges or splits). Every
/// aggregate row belongs to one or two entities; a transaction first locks all the entities it will count, old and
/// new, in one pass in id order (<see cref="LockAsync"/>), so concurrent writers sharing entities wait for each other
/// but never deadlock.
/// </summary>
internal static class CoverageCounts
{
    /// <summary>Co-occurrence is counted among an article's most mentioned entities only, to bound the pairs per article.</summary>
    public const int MaxPairedEntities = 30;

    /// <summary>
    /// Locks the entities the articles are counted under now and the given ones. True when one of them has been merged
    /// into another meanwhile (a curator's merge committed after the caller resolved it): the caller must resolve again.
    /// </summary>
    public static async Task<bool> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, Guid[] entityIds, CancellationToken cancellationToken)
    {
        // NO KEY UPDATE, not UPDATE: the foreign keys from mentions and article_entities hold KEY SHARE locks on these
        // rows, which FOR UPDATE would wait on.
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(bool_or(merged_into_id IS NOT NULL), false) FROM (
                SELECT merged_into_id FROM entities
                WHERE id IN (SELECT entity_id FROM article_entities WHERE article_id = ANY($1)) OR id = ANY($2)
                ORDER BY id FOR NO KEY UPDATE) AS locked
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = articleIds });
        command.Parameters.Add(new NpgsqlParameter { Value = entityIds });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, CancellationToken cancellationToken) =>
        RunAsync(connection, transaction, articleIds, Add, cancellationToken);

    public static Task SubtractAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, CancellationToken cancellationToken) =>
        RunAsync(connection, transaction, articleIds, Subtract, cancellationToken);

    private static async Task RunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, string[] statements, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = articleIds });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // Each statement first sums over the articles, so an entity or day met in several of them is changed once.

    private const string EntityTotals = """
        SELECT ae.entity_id, count(*)::int AS articles, sum(ae.mention_count)::int AS mentions,
               min(a.published_or_ingested_at) AS first_seen, max(a.published_or_ingested_at) AS last_seen
        FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
        WHERE ae.article_id = ANY($1)
        GROUP BY ae.entity_id
        """;

    private const string DailyTotals = """
        SELECT ae.entity_id, (a.published_or_ingested_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS articles,
               sum(ae.mention_count)::int AS mentions, sum(ae.tone) AS tone_sum
        FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
        WHERE ae.article_id = ANY($1)
        GROUP BY 1, 2
        """;

    private const string TitleTotals = """
        SELECT ae.entity_id, title, count(*)::int AS articles
        FROM article_entities AS ae CROSS JOIN LATERAL unnest(ae.titles) AS title
        WHERE ae.article_id = ANY($1)
        GROUP BY 1, 2
        """;

    private static readonly string PairTotals = $"""
        WITH top AS (
            SELECT t.article_id, t.entity_id FROM unnest($1::uuid[]) AS counted(id)
            CROSS JOIN LATERAL (
                SELECT article_id, entity_id FROM article_entities WHERE article_id = counted.id
                ORDER BY mention_count DESC, entity_id LIMIT {MaxPairedEntities}) AS t)
        SELECT x.entity_id AS entity_a, y.entity_id AS entity_b, count(*)::int AS articles
        FROM top AS x JOIN top AS y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
        GROUP BY 1, 2
        """;

    private static readonly string[] Add =
    [
        $"""
        UPDATE entities AS e
        SET article_count = e.article_count + c.articles, mention_count = e.mention_count + c.mentions,
            first_seen = least(e.first_seen, c.first_seen), last_seen = greatest(e.last_seen, c.last_seen)
        FROM ({EntityTotals}) AS c
        WHERE e.id = c.entity_id
        """,
        $"""
        INSERT INTO entity_daily_mentions AS d (entity_id, day, articles, mentions, tone_sum)
        SELECT * FROM ({DailyTotals}) AS c ORDER BY entity_id, day
        ON CONFLICT (entity_id, day) DO UPDATE
        SET articles = d.articles + excluded.articles, mentions = d.mentions + excluded.mentions, tone_sum = d.tone_sum + excluded.tone_sum
        """,
        $"""
        INSERT INTO entity_titles AS t (entity_id, title, articles)
        SELECT * FROM ({TitleTotals}) AS c ORDER BY entity_id, title
        ON CONFLICT (entity_id, title) DO UPDATE SET articles = t.articles + excluded.articles
        """,
        $"""
        INSERT INTO entity_pairs AS p (entity_a, entity_b, articles)
        SELECT * FROM ({PairTotals}) AS c ORDER BY entity_a, entity_b
        ON CONFLICT (entity_a, entity_b) DO UPDATE SET articles = p.articles + excluded.articles
        """,
    ];

    // Plain updates: the rows exist (the articles were counted), and an upsert would check its would-be negative
    // insert row against the constraints before finding the conflict.
    private static readonly string[] Subtract =
    [
        $"""
        UPDATE entities AS e SET article_count = e.article_count - c.articles, mention_count = e.mention_count - c.mentions
        FROM ({EntityTotals}) AS c
        WHERE e.id = c.entity_id
        """,
        $"""
        UPDATE entity_daily_mentions AS d
        SET articles = d.articles - c.articles, mentions = d.mentions - c.mentions, tone_sum = d.tone_sum - c.tone_sum
        FROM ({DailyTotals}) AS c
        WHERE d.entity_id = c.entity_id AND d.day = c.day
        """,
        $"""
        UPDATE entity_titles AS t SET articles = t.articles - c.articles
        FROM ({TitleTotals}) AS c WHERE t.entity_id = c.entity_id AND t.title = c.title
        """,
        $"""
        UPDATE entity_pairs AS p SET articles = p.articles - c.articles
        FROM ({PairTotals}) AS c WHERE p.entity_a = c.entity_a AND p.entity_b = c.entity_b
        """,
    ];
}
