using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsEvents.Core.Alerts;

/// <summary>The JSON body of a webhook POST: one alert match.</summary>
public sealed record WebhookPayload(Guid AlertId, string? AlertName, Guid ArticleId, string Title, string? Url, DateTimeOffset MatchedAt);

/// <summary>
/// Delivers the webhook outbox: each deliverer claims a due delivery, POSTs it signed (see <see cref="WebhookSignature"/>)
/// through the guarded client, and records a 2xx as delivered or anything else as a failed attempt to retry.
/// </summary>
public sealed partial class WebhookDeliveryService(
    WebhookOutbox outbox,
    IHttpClientFactory httpClients,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    public const string ClientName = "webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.DeliverWebhooks
            ? Task.WhenAll(Enumerable.Range(0, options.Value.Deliverers).Select(_ => DeliverLoopAsync(stoppingToken)))
            : Task.CompletedTask;

    private async Task DeliverLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await outbox.ClaimAsync(stoppingToken) is { } delivery)
                {
                    await DeliverAsync(delivery, stoppingToken);
                    continue;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogOutboxUnavailable(exception);
            }
            await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
        }
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new WebhookPayload(delivery.AlertId, delivery.AlertName, delivery.ArticleId, delivery.Title, delivery.Url, delivery.MatchedAt), Json);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.WebhookUrl)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, body));
        // Receivers get every delivery at least once: this id lets them drop a repeat.
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.MatchId.ToString(CultureInfo.InvariantCulture));

        string error;
        var started = Stopwatch.GetTimestamp();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            timeout.CancelAfter(options.Value.RequestTimeout);
            try
            {
                using var response = await httpClients.CreateClient(ClientName)
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    await outbox.DeliveredAsync(delivery, stoppingToken);
                    AlertMetrics.RecordDelivery(DeliveryOutcome.Delivered, Stopwatch.GetElapsedTime(started));
                    LogDelivered(delivery.MatchId, delivery.AlertId, delivery.Attempt);
                    return;
                }
                error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: the lease runs out and the delivery is claimed again after the restart.
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                error = exception is OperationCanceledException
                    ? $"No answer within {options.Value.RequestTimeout.TotalSeconds:0.###} s"
                    : exception.InnerException?.Message ?? exception.Message;
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (await outbox.FailedAsync(delivery, error, stoppingToken) is { } outcome)
        {
            AlertMetrics.RecordDelivery(outcome, elapsed);
        }
        LogAttemptFailed(delivery.MatchId, delivery.AlertId, delivery.Attempt, options.Value.MaxAttempts, error);
    }

    [LoggerMessage(LogLevel.Warning, "Webhook outbox unavailable; retrying after the check interval")]
    private partial void LogOutboxUnavailable(Exception exception);

    [LoggerMessage(LogLevel.Information, "Delivered webhook {MatchId} of alert {AlertId} (attempt {Attempt})")]
    private partial void LogDelivered(long matchId, Guid alertId, int attempt);

    [LoggerMessage(LogLevel.Warning, "Webhook {MatchId} of alert {AlertId} failed (attempt {Attempt} of {MaxAttempts}): {Error}")]
    private partial void LogAttemptFailed(long matchId, Guid alertId, int attempt, int maxAttempts, string error);
}
