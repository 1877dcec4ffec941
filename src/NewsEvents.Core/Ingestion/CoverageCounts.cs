using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Keeps the per-entity aggregates (entity totals, daily coverage, co-occurring pairs) equal to what article_entities
/// holds: an article's rows are subtracted before they are replaced and added once written, in the same transaction.
/// Every aggregate row belongs to one or two entities; a transaction first locks all the entities it will count, old
/// and new, in one pass in id order (<see cref="LockAsync"/>), so concurrent workers sharing entities wait for each
/// other but never deadlock.
/// </summary>
internal static class CoverageCounts
{
    /// <summary>Co-occurrence is counted among an article's most mentioned entities only, to bound the pairs per article.</summary>
    public const int MaxPairedEntities = 30;

    /// <summary>Locks the entities the article is counted under now and those it will be counted under.</summary>
    public static async Task LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, Guid[] newEntityIds, CancellationToken cancellationToken)
    {
        // NO KEY UPDATE, not UPDATE: the foreign keys from mentions and article_entities hold KEY SHARE locks on these
        // rows, which FOR UPDATE would wait on.
        await using var command = new NpgsqlCommand("""
            SELECT 1 FROM entities
            WHERE id IN (SELECT entity_id FROM article_entities WHERE article_id = $1) OR id = ANY($2)
            ORDER BY id FOR NO KEY UPDATE
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = articleId });
        command.Parameters.Add(new NpgsqlParameter { Value = newEntityIds });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, CancellationToken cancellationToken) =>
        RunAsync(connection, transaction, articleId, Add, cancellationToken);

    public static Task SubtractAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, CancellationToken cancellationToken) =>
        RunAsync(connection, transaction, articleId, Subtract, cancellationToken);

    private static async Task RunAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, string[] statements, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = articleId });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly string TopEntities = $"""
        SELECT entity_id FROM article_entities WHERE article_id = $1
        ORDER BY mention_count DESC, entity_id LIMIT {MaxPairedEntities}
        """;

    private static readonly string[] Add =
    [
        """
        UPDATE entities AS e
        SET article_count = e.article_count + 1, mention_count = e.mention_count + ae.mention_count,
            first_seen = least(e.first_seen, a.published_or_ingested_at), last_seen = greatest(e.last_seen, a.published_or_ingested_at)
        FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
        WHERE ae.article_id = $1 AND e.id = ae.entity_id
        """,
        """
        INSERT INTO entity_daily_mentions AS d (entity_id, day, articles, mentions, tone_sum)
        SELECT ae.entity_id, (a.published_or_ingested_at AT TIME ZONE 'UTC')::date, 1, ae.mention_count, ae.tone
        FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
        WHERE ae.article_id = $1
        ORDER BY ae.entity_id
        ON CONFLICT (entity_id, day) DO UPDATE
        SET articles = d.articles + 1, mentions = d.mentions + excluded.mentions, tone_sum = d.tone_sum + excluded.tone_sum
        """,
        $"""
        WITH top AS ({TopEntities})
        INSERT INTO entity_pairs AS p (entity_a, entity_b, articles)
        SELECT x.entity_id, y.entity_id, 1 FROM top AS x JOIN top AS y ON x.entity_id < y.entity_id
        ORDER BY 1, 2
        ON CONFLICT (entity_a, entity_b) DO UPDATE SET articles = p.articles + 1
        """,
    ];

    // Plain updates: the rows exist (the article was counted), and an upsert would check its would-be negative
    // insert row against the constraints before finding the conflict.
    private static readonly string[] Subtract =
    [
        """
        UPDATE entities AS e SET article_count = e.article_count - 1, mention_count = e.mention_count - ae.mention_count
        FROM article_entities AS ae
        WHERE ae.article_id = $1 AND e.id = ae.entity_id
        """,
        """
        UPDATE entity_daily_mentions AS d
        SET articles = d.articles - 1, mentions = d.mentions - ae.mention_count, tone_sum = d.tone_sum - ae.tone
        FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
        WHERE ae.article_id = $1 AND d.entity_id = ae.entity_id AND d.day = (a.published_or_ingested_at AT TIME ZONE 'UTC')::date
        """,
        $"""
        WITH top AS ({TopEntities})
        UPDATE entity_pairs AS p SET articles = p.articles - 1
        FROM top AS x, top AS y WHERE p.entity_a = x.entity_id AND p.entity_b = y.entity_id
        """,
    ];
}
