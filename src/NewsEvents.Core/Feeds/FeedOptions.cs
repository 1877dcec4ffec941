using System.ComponentModel.DataAnnotations;
using System.Net;

namespace NewsEvents.Core.Feeds;

/// <summary>The "Feeds" configuration section: how feeds are polled and what the poller may connect to.</summary>
public sealed class FeedOptions : IValidatableObject
{
    public const string Section = "Feeds";

    /// <summary>Poll due feeds in this process (switch off for API-only instances; "poll now" still works).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Feeds polled concurrently by this process.</summary>
    [Range(1, 32)]
    public int Pollers { get; set; } = 2;

    /// <summary>How often an idle poller looks for due feeds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Poll interval of a feed created without one.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a claimed feed stays reserved; a poller that dies loses it to others after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest one fetch may take, retries and reading the body included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest one attempt may take before it is abandoned (and retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries after a transient failure (network error, timeout, 408, 429, 5xx).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>Delay before the first retry; it doubles with each further retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest feed document read, after decompression; a larger one fails the poll.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFeedBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Connect to loopback, private, link-local, CGNAT and other non-public addresses too. Off by default: a feed URL
    /// must not become a way to reach the service's own network (SSRF).
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Networks (CIDR, e.g. "10.20.0.0/16" or "127.0.0.1/32") allowed even though they are not public.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    [Required, StringLength(200)]
    public string UserAgent { get; set; } = "NewsEvents-FeedPoller/1.0";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks.Where(network => !IPNetwork.TryParse(network, out _)))
        {
            yield return new ValidationResult($"'{network}' is not a network in CIDR notation.", [nameof(AllowedNetworks)]);
        }
        if (AttemptTimeout > RequestTimeout)
        {
            yield return new ValidationResult("Must not be longer than RequestTimeout.", [nameof(AttemptTimeout)]);
        }
    }
}
