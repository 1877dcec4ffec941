using System.ComponentModel.DataAnnotations;

namespace NewsEvents.Core.Ingestion;

/// <summary>The "Ingestion" configuration section: how the background workers take work from the queue.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Run the background workers in this process (switch off for API-only instances).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Items processed concurrently by this process.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Items a worker claims at once: they are extracted in turn and their results stored in one transaction, which
    /// saves most of the database's per-article cost. The lease must cover a whole batch.
    /// </summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>How long a claimed item stays reserved; a worker that dies loses it to others after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Safety-net poll for due retries and expired leases; new work wakes the workers at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before an article is parked as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; it doubles with each further attempt, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest one article may take; a slower one counts as a failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ItemTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Articles a reprocess job puts on the queue per transaction.</summary>
    [Range(1, 100_000)]
    public int ReprocessChunkSize { get; set; } = 1000;
}
