using System.ComponentModel.DataAnnotations;

namespace NewsEvents.Core.Alerts;

/// <summary>
/// The "Alerts" configuration section: webhook delivery and the live stream. Webhook connections pass the same
/// address policy as feeds (<c>Feeds:AllowPrivateAddresses</c>, <c>Feeds:AllowedNetworks</c>).
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Deliver webhooks from this process (switch off for API-only instances; matches are still recorded).</summary>
    public bool DeliverWebhooks { get; set; } = true;

    /// <summary>Webhooks delivered concurrently by this process.</summary>
    [Range(1, 32)]
    public int Deliverers { get; set; } = 2;

    /// <summary>How often an idle deliverer looks for due deliveries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed delivery stays reserved; one whose deliverer dies is retried after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest one POST may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is given up (its last error kept).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay before the first retry; it doubles with each further attempt, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Idle time after which the live stream sends a comment, so proxies and clients see the connection alive.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Most missed articles a resuming stream client (Last-Event-ID) is sent before the live ones.</summary>
    [Range(0, 10_000)]
    public int StreamReplayLimit { get; set; } = 500;

    /// <summary>Articles a slow stream client may fall behind before it is disconnected (to resume with Last-Event-ID).</summary>
    [Range(1, 100_000)]
    public int StreamBuffer { get; set; } = 256;
}
