using System.Diagnostics.Metrics;

namespace NewsEvents.Core.Alerts;

/// <summary>What became of one webhook delivery attempt.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The attempt failed; the delivery is tried again after a backoff.</summary>
    Retrying,

    /// <summary>The last allowed attempt failed; the delivery is parked with its error.</summary>
    GaveUp,
}

/// <summary>The alerts' metrics (matches and webhook deliveries), on the meter <see cref="MeterName"/> that the API exports.</summary>
public static class AlertMetrics
{
    public const string MeterName = "NewsEvents.Alerts";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Matches = Meter.CreateCounter<long>(
        "newsevents.alert.matches", "{match}", "Alert matches recorded for newly processed articles.");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "newsevents.webhook.deliveries", "{attempt}", "Webhook delivery attempts, by outcome (delivered, retrying, gave_up).");

    private static readonly Histogram<double> DeliveryDuration = Meter.CreateHistogram<double>(
        "newsevents.webhook.delivery.duration", "s", "Time from sending a webhook to its answer (or failure), by outcome.");

    public static void RecordDelivery(DeliveryOutcome outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome switch
        {
            DeliveryOutcome.Delivered => "delivered",
            DeliveryOutcome.Retrying => "retrying",
            _ => "gave_up",
        });
        Deliveries.Add(1, tag);
        DeliveryDuration.Record(duration.TotalSeconds, tag);
    }
}
