using NewsEvents.Core.Data;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Core.Search;

public enum TimelineInterval
{
    Day,
    Week,
    Month,
}

/// <param name="Start">First day of the bucket (weeks start on Monday).</param>
/// <param name="Articles">Articles that mention the entity.</param>
/// <param name="TotalArticles">All articles in the bucket.</param>
/// <param name="Share">Articles / TotalArticles: coverage normalised for the volume of news (0 when there is none).</param>
/// <param name="AverageTone">Mean tone of the articles that mention the entity; null without any.</param>
public sealed record TimelineBucket(DateOnly Start, int Articles, int Mentions, int TotalArticles, double Share, double? AverageTone);

/// <param name="Articles">Articles mentioning both.</param>
/// <param name="Pmi">Pointwise mutual information, ln(P(both) / (P(this) · P(other))): above 0, they appear together more than chance.</param>
/// <param name="Npmi">PMI normalised to −1…1 (1: they only ever appear together); the ranking score.</param>
public sealed record RelatedEntity(Guid Id, string Name, EntityType Type, int Articles, int OtherArticles, double Pmi, double Npmi);

public sealed record NetworkNode(Guid Id, string Name, EntityType Type, int Articles, int Depth);

public sealed record NetworkEdge(Guid Source, Guid Target, int Articles);

/// <param name="Articles">Articles mentioning the entity in the window.</param>
/// <param name="TotalArticles">All articles in the window.</param>
/// <param name="BaselineArticles">Articles mentioning the entity in the baseline period before the window.</param>
/// <param name="BaselineTotalArticles">All articles in the baseline period.</param>
/// <param name="Score">Share in the window over share in the baseline, each add-one smoothed: 1 is no change.</param>
public sealed record TrendingEntity(
    Guid Id,
    string Name,
    EntityType Type,
    int Articles,
    int TotalArticles,
    double Share,
    int BaselineArticles,
    int BaselineTotalArticles,
    double BaselineShare,
    double Score);

/// <summary>Coverage over time and co-occurrence, read from the pre-aggregated counts only (never from mentions).</summary>
public sealed class EntityAnalytics(NpgsqlDataSource dataSource)
{
    public const int MaxBuckets = 1000;

    public async Task<IReadOnlyList<TimelineBucket>> TimelineAsync(
        Guid entityId, TimelineInterval interval, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var unit = interval.ToString().ToLowerInvariant(); // a fixed word from the enum, never client text
        // One range scan of the entity's days and one of all days, each summed per bucket, instead of four lookups a
        // bucket. Timestamps without time zone: date_trunc of a date would otherwise go through the session's zone.
        await using var command = dataSource.CreateCommand($"""
            WITH buckets AS (
                SELECT start::date AS start
                FROM generate_series(date_trunc('{unit}', $2::date::timestamp), date_trunc('{unit}', $3::date::timestamp), interval '1 {unit}') AS start
            ),
            span AS (SELECT date_trunc('{unit}', $2::date::timestamp)::date AS first, (date_trunc('{unit}', $3::date::timestamp) + interval '1 {unit}')::date AS finish),
            entity AS (
                SELECT date_trunc('{unit}', d.day::timestamp)::date AS start, sum(d.articles)::int AS articles,
                       sum(d.mentions)::int AS mentions, sum(d.tone_sum) AS tone_sum
                FROM entity_daily_mentions AS d CROSS JOIN span
                WHERE d.entity_id = $1 AND d.day >= span.first AND d.day < span.finish
                GROUP BY 1
            ),
            total AS (
                SELECT date_trunc('{unit}', t.day::timestamp)::date AS start, sum(t.articles)::int AS articles
                FROM daily_articles AS t CROSS JOIN span
                WHERE t.day >= span.first AND t.day < span.finish
                GROUP BY 1
            )
            SELECT b.start, coalesce(entity.articles, 0), coalesce(entity.mentions, 0), entity.tone_sum, coalesce(total.articles, 0)
            FROM buckets AS b LEFT JOIN entity USING (start) LEFT JOIN total USING (start)
            ORDER BY b.start
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entityId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        var buckets = new List<TimelineBucket>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var articles = reader.GetInt32(1);
            var total = reader.GetInt32(4);
            buckets.Add(new TimelineBucket(
                reader.GetFieldValue<DateOnly>(0), articles, reader.GetInt32(2), total,
                total == 0 ? 0 : (double)articles / total,
                articles == 0 || reader.IsDBNull(3) ? null : reader.GetDouble(3) / articles));
        }
        return buckets;
    }

    /// <summary>
    /// How many of an entity's partners, the most frequent first, the ranking of related entities scores before it knows
    /// whether the rest can matter. A hub has thousands, and its top twenty are usually settled among the first hundred
    /// or a few hundred more. Settable so tests can make the bound decide with a handful of pairs.
    /// </summary>
    internal int RelatedCandidates { get; init; } = 100;

    /// <summary>
    /// Entities appearing in the same articles, ranked by normalised PMI, then by shared articles. Exact without scoring
    /// every partner: a partner sharing c articles scores at most ln(N / A) / ln(N / c) (A: the entity's articles, N: all
    /// articles), reached when the partner appears nowhere else. So the most frequent partners are scored first, then
    /// lower counts a range at a time (each at least a quarter of the one before, never below the count whose bound
    /// reaches the last score kept), until no unread count can reach it.
    /// </summary>
    public async Task<IReadOnlyList<RelatedEntity>> RelatedAsync(Guid entityId, int limit, int minArticles, CancellationToken cancellationToken)
    {
        minArticles = Math.Max(minArticles, 1);
        var candidates = Math.Max(limit, RelatedCandidates);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var first = await RankPartnersAsync(connection, entityId, limit, minArticles, int.MaxValue, candidates, cancellationToken);
        if (first.Partners < candidates)
        {
            return first.Related; // every partner was scored
        }
        var kept = first.Related;
        var unreadAtMost = first.LowestArticles; // partners tied at the lowest count read may be unread
        while (unreadAtMost >= minArticles && NpmiBound(unreadAtMost, first.Total, first.SelfArticles) >= kept[^1].Npmi)
        {
            // The floor only sizes the range (nothing below it can enter); the loop's own test is what stops it.
            var floor = LowestArticlesReaching(kept[^1].Npmi, first.Total, first.SelfArticles);
            var from = Math.Min(unreadAtMost, Math.Max(Math.Max(floor, minArticles), unreadAtMost / 4));
            var next = await RankPartnersAsync(connection, entityId, limit, from, unreadAtMost, null, cancellationToken);
            kept = [.. kept.Concat(next.Related).DistinctBy(r => r.Id)
                .OrderByDescending(r => r.Npmi).ThenByDescending(r => r.Articles).ThenBy(r => r.Id) // Guid's order is uuid's
                .Take(limit)];
            unreadAtMost = from - 1;
        }
        return kept;
    }

    /// <summary>The highest NPMI a partner sharing <paramref name="articles"/> articles can have.</summary>
    private static double NpmiBound(int articles, double total, double selfArticles) =>
        articles >= total ? 1 : Math.Log(total / selfArticles) / Math.Log(total / articles);

    /// <summary>
    /// The inverse of <see cref="NpmiBound"/>: about the lowest count whose bound reaches <paramref name="npmi"/>, as
    /// ln(N / A) / ln(N / c) ≥ s ⟺ c ≥ N·(A / N)^(1/s).
    /// </summary>
    private static int LowestArticlesReaching(double npmi, double total, double selfArticles) =>
        npmi > 0 ? (int)Math.Floor(total * Math.Pow(selfArticles / total, 1 / npmi)) : 0;

    /// <summary>
    /// The best <paramref name="limit"/> of the entity's partners sharing <paramref name="fromArticles"/> to
    /// <paramref name="toArticles"/> articles, the <paramref name="mostFrequent"/> most frequent of them or all, with how
    /// many were scored and the lowest count among them. entity_pairs is indexed both ways by entity and count, covering
    /// the partner: two index range scans from the top count down. Each partner's own count is looked up by key (a hash
    /// join would read every entity), and names are read for those kept only.
    /// </summary>
    private static async Task<(List<RelatedEntity> Related, int Partners, int LowestArticles, double Total, double SelfArticles)> RankPartnersAsync(
        NpgsqlConnection connection, Guid entityId, int limit, int fromArticles, int toArticles, int? mostFrequent, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH partners AS (
                SELECT other, articles, (SELECT e.article_count FROM entities AS e WHERE e.id = other) AS other_articles FROM (
                    (SELECT entity_b AS other, articles FROM entity_pairs WHERE entity_a = $1 AND articles BETWEEN $3 AND $5 ORDER BY articles DESC LIMIT $4)
                    UNION ALL
                    (SELECT entity_a, articles FROM entity_pairs WHERE entity_b = $1 AND articles BETWEEN $3 AND $5 ORDER BY articles DESC LIMIT $4)) AS sides
                ORDER BY articles DESC LIMIT $4),
            -- Materialised: computed once, whatever number of partners the generic plan expects to join them with.
            n AS MATERIALIZED (SELECT greatest(sum(articles), 1)::float8 AS total FROM daily_articles),
            self AS MATERIALIZED (SELECT greatest(article_count, 1)::float8 AS self_articles FROM entities WHERE id = $1),
            scored AS (
                SELECT p.other, p.articles, p.other_articles, n.total, self.self_articles,
                       ln(p.articles * n.total / (self.self_articles * greatest(p.other_articles, 1))) AS pmi,
                       p.articles / n.total AS joint, count(*) OVER () AS partners, min(p.articles) OVER () AS lowest
                FROM partners AS p CROSS JOIN n CROSS JOIN self),
            kept AS (
                SELECT *, CASE WHEN joint >= 1 THEN 1 ELSE pmi / -ln(joint) END AS npmi
                FROM scored ORDER BY npmi DESC, articles DESC, other LIMIT $2)
            SELECT e.id, e.canonical_name, e.type, kept.articles, kept.other_articles, kept.pmi, kept.npmi,
                   kept.partners, kept.lowest, kept.total, kept.self_articles
            FROM kept JOIN entities AS e ON e.id = kept.other
            ORDER BY kept.npmi DESC, kept.articles DESC, kept.other
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = entityId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        command.Parameters.Add(new NpgsqlParameter { Value = fromArticles });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)mostFrequent ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer }); // null: LIMIT ALL
        command.Parameters.Add(new NpgsqlParameter { Value = toArticles });
        var related = new List<RelatedEntity>();
        var (partnerCount, lowest, total, selfArticles) = (0, 0, 1.0, 1.0);
        await using var reader = await command.ExecutePreparedReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            related.Add(new RelatedEntity(
                reader.GetGuid(0), reader.GetString(1), Enum.Parse<EntityType>(reader.GetString(2), true),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetDouble(5), reader.GetDouble(6)));
            (partnerCount, lowest, total, selfArticles) = ((int)reader.GetInt64(7), reader.GetInt32(8), reader.GetDouble(9), reader.GetDouble(10));
        }
        return (related, partnerCount, lowest, total, selfArticles);
    }

    /// <summary>
    /// Entities whose share of coverage rose most in the window (ending on <paramref name="end"/>, inclusive) against the
    /// baseline period just before it: Event Registry's trending concepts.
    /// </summary>
    public async Task<IReadOnlyList<TrendingEntity>> TrendsAsync(
        DateOnly end, int windowDays, int baselineDays, EntityType? type, int minArticles, int limit, CancellationToken cancellationToken)
    {
        var windowStart = end.AddDays(1 - windowDays);
        var baselineEnd = windowStart.AddDays(-1);
        var baselineStart = windowStart.AddDays(-baselineDays);
        // The baseline is summed per window entity, one range of its (entity, day) index each: a scan of the baseline's
        // days reads every entity's rows (51,000 for 14 days on the 1M store) to keep the 2,000 in the window. Names
        // are read for the entities kept only.
        await using var command = dataSource.CreateCommand("""
            WITH win AS (
                SELECT entity_id, sum(articles)::int AS articles FROM entity_daily_mentions
                WHERE day BETWEEN $1 AND $2 GROUP BY entity_id HAVING sum(articles) >= $5),
            totals AS (
                SELECT coalesce(sum(articles) FILTER (WHERE day BETWEEN $1 AND $2), 0)::int AS win,
                       coalesce(sum(articles) FILTER (WHERE day BETWEEN $3 AND $4), 0)::int AS base
                FROM daily_articles WHERE day BETWEEN $3 AND $2),
            scored AS (
                SELECT win.entity_id, win.articles, base.articles AS base_articles,
                       ((win.articles + 1.0) / (totals.win + 1.0)) / ((base.articles + 1.0) / (totals.base + 1.0)) AS score
                FROM win CROSS JOIN totals
                CROSS JOIN LATERAL (
                    SELECT coalesce(sum(d.articles), 0)::int AS articles FROM entity_daily_mentions AS d
                    WHERE d.entity_id = win.entity_id AND d.day BETWEEN $3 AND $4) AS base
                WHERE $6::text IS NULL OR (SELECT e.type FROM entities AS e WHERE e.id = win.entity_id) = $6
                ORDER BY score DESC, win.articles DESC, win.entity_id
                LIMIT $7)
            SELECT e.id, e.canonical_name, e.type, s.articles, totals.win, s.base_articles, totals.base, s.score
            FROM scored AS s JOIN entities AS e ON e.id = s.entity_id CROSS JOIN totals
            ORDER BY s.score DESC, s.articles DESC, e.id
            """);
        foreach (var value in new object?[] { windowStart, end, baselineStart, baselineEnd, minArticles, type?.ToString().ToLowerInvariant(), limit })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
        command.Parameters[5].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        var trends = new List<TrendingEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (articles, total, baseline, baselineTotal) = (reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6));
            trends.Add(new TrendingEntity(
                reader.GetGuid(0), reader.GetString(1), Enum.Parse<EntityType>(reader.GetString(2), true),
                articles, total, total == 0 ? 0 : (double)articles / total,
                baseline, baselineTotal, baselineTotal == 0 ? 0 : (double)baseline / baselineTotal,
                (double)reader.GetDecimal(7)));
        }
        return trends;
    }

    /// <summary>
    /// The entity, its most related entities (depth 1) and theirs (depth 2), up to <paramref name="limit"/> nodes, with
    /// every co-occurrence edge among them.
    /// </summary>
    public async Task<(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges)> NetworkAsync(
        Guid entityId, string name, EntityType type, int articles, int depth, int limit, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<Guid, NetworkNode> { [entityId] = new(entityId, name, type, articles, 0) };
        var frontier = new List<Guid> { entityId };
        for (var level = 1; level <= depth && nodes.Count < limit; level++)
        {
            var next = new List<Guid>();
            foreach (var node in frontier)
            {
                foreach (var related in await RelatedAsync(node, limit - nodes.Count, 1, cancellationToken))
                {
                    if (nodes.Count < limit && nodes.TryAdd(related.Id, new(related.Id, related.Name, related.Type, related.OtherArticles, level)))
                    {
                        next.Add(related.Id);
                    }
                }
            }
            frontier = next;
        }

        // One primary-key probe per pair of nodes rather than a scan of every node's partners: a hub has thousands
        // (at 1M articles, 4 ms against 30 ms for United States and its 29 nearest).
        await using var command = dataSource.CreateCommand("""
            SELECT p.entity_a, p.entity_b, p.articles
            FROM unnest($1::uuid[]) AS a(id) JOIN unnest($1::uuid[]) AS b(id) ON a.id < b.id
            JOIN entity_pairs AS p ON p.entity_a = a.id AND p.entity_b = b.id
            WHERE p.articles > 0
            ORDER BY p.articles DESC, p.entity_a, p.entity_b
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = nodes.Keys.ToArray() });
        var edges = new List<NetworkEdge>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            edges.Add(new NetworkEdge(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2)));
        }
        return (nodes.Values.ToList(), edges);
    }
}
