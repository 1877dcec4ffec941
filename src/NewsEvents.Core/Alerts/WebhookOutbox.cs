using Microsoft.Extensions.Options;
using NewsEvents.Core.Ingestion;
using Npgsql;

namespace NewsEvents.Core.Alerts;

/// <param name="Attempt">This attempt's number; finishing it checks it, so a deliverer whose lease ran out cannot overwrite a later attempt's outcome.</param>
public sealed record ClaimedDelivery(
    long MatchId,
    int Attempt,
    Guid AlertId,
    string? AlertName,
    Guid ArticleId,
    string Title,
    string? Url,
    DateTimeOffset MatchedAt,
    string WebhookUrl,
    string Secret);

/// <summary>
/// Pending webhook deliveries in webhook_deliveries, shared by any number of deliverers in any number of processes:
/// claimed with FOR UPDATE SKIP LOCKED and leased until <c>available_at</c>, so a delivery whose deliverer died (or
/// whose process restarted) is claimed again once its lease runs out. At least once: a delivery is marked delivered
/// only after a 2xx answer.
/// </summary>
public sealed class WebhookOutbox(NpgsqlDataSource dataSource, TimeProvider time, IOptions<AlertOptions> options)
{
    private const int MaxErrorLength = 2000;

    public async Task<ClaimedDelivery?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            WITH next AS (
                SELECT match_id FROM webhook_deliveries
                WHERE delivered_at IS NULL AND failed_at IS NULL AND available_at <= $1
                ORDER BY available_at, match_id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ), leased AS (
                UPDATE webhook_deliveries AS d SET available_at = $2, attempts = d.attempts + 1
                FROM next WHERE d.match_id = next.match_id
                RETURNING d.match_id, d.attempts
            )
            SELECT leased.match_id, leased.attempts, al.id, al.name, a.id, a.title, a.url, m.matched_at, al.webhook_url, al.webhook_secret
            FROM leased JOIN alert_matches AS m ON m.id = leased.match_id
            JOIN alerts AS al ON al.id = m.alert_id JOIN articles AS a ON a.id = m.article_id
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now + options.Value.DeliveryLease });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedDelivery(
                reader.GetInt64(0), reader.GetInt32(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetGuid(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7), reader.GetString(8), reader.GetString(9))
            : null;
    }

    /// <summary>Records a 2xx answer. Whichever attempt got it, the delivery is done.</summary>
    public async Task DeliveredAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE webhook_deliveries SET delivered_at = $2, failed_at = NULL, last_error = NULL WHERE match_id = $1 AND delivered_at IS NULL");
        command.Parameters.Add(new() { Value = delivery.MatchId });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records a failed attempt: retried after an exponential backoff, or given up with its error once it has had
    /// <see cref="AlertOptions.MaxAttempts"/>. Null when a later attempt owns the delivery (nothing is written).
    /// </summary>
    public async Task<DeliveryOutcome?> FailedAsync(ClaimedDelivery delivery, string error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var givenUp = delivery.Attempt >= settings.MaxAttempts;
        await using var command = dataSource.CreateCommand("""
            UPDATE webhook_deliveries SET available_at = $3, failed_at = $4, last_error = $5
            WHERE match_id = $1 AND attempts = $2 AND delivered_at IS NULL
            """);
        command.Parameters.Add(new() { Value = delivery.MatchId });
        command.Parameters.Add(new() { Value = delivery.Attempt });
        command.Parameters.Add(new() { Value = givenUp ? now : now + IngestionQueue.RetryDelay(delivery.Attempt, settings.RetryBaseDelay, settings.RetryMaxDelay) });
        command.Parameters.Add(new() { Value = givenUp ? now : (object)DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1
            ? givenUp ? DeliveryOutcome.GaveUp : DeliveryOutcome.Retrying
            : null;
    }
}
