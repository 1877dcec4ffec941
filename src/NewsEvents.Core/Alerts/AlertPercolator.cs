using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using Npgsql;

namespace NewsEvents.Core.Alerts;

/// <summary>
/// Runs inside the transaction that completes articles' processing (after their extraction and near-duplicate links
/// are written): matches the articles against every active alert in one statement, records the matches and their
/// webhook deliveries, and notifies the live stream of each article in turn. All of it commits, or rolls back, with
/// the processing itself.
/// </summary>
internal static class AlertPercolator
{
    private const string Sql = $"""
        WITH matched AS (
            INSERT INTO alert_matches (alert_id, article_id, matched_at)
            SELECT c.id, a.id, @now
            FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id JOIN alerts AS c ON c.active
            WHERE a.id = ANY(@articles) AND {ArticleCriteria.Predicate}
            ON CONFLICT (alert_id, article_id) DO NOTHING
            RETURNING id, alert_id
        ), queued AS (
            INSERT INTO webhook_deliveries (match_id, available_at, attempts)
            SELECT matched.id, @now, 0 FROM matched JOIN alerts AS c ON c.id = matched.alert_id WHERE c.webhook_url IS NOT NULL
        )
        SELECT (SELECT count(*) FROM matched), pg_notify('{NewsEventsDbContext.ProcessedChannel}', article::text)
        FROM unnest(@articles) WITH ORDINALITY AS t(article, position) ORDER BY position
        """;

    /// <returns>The number of alerts the articles matched, all told.</returns>
    public static async Task<long> MatchAlertsAndNotifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.AddWithValue("articles", articleIds);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        // One row per article notified, each carrying the same count; none when there are no articles.
        return await command.ExecuteScalarAsync(cancellationToken) is long matches ? matches : 0;
    }
}
