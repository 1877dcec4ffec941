using System.ComponentModel.DataAnnotations;

namespace NewsEvents.Core.Search;

/// <summary>The "Search" configuration section: the embedded article index of decision 017.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// Folder of this instance's article index (relative paths from the content root). Unset: no index, every search
    /// runs in SQL. The folder is derived data: delete it and the service rebuilds it from PostgreSQL.
    /// </summary>
    public string? IndexPath { get; set; }

    /// <summary>With more articles changed since the index's watermark than this, a search runs in SQL instead.</summary>
    [Range(1, 100_000)]
    public int MaxPending { get; set; } = 2000;

    /// <summary>How often the indexer looks for changes when no notification wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Change-log rows this old and already applied by the index are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromDays(1);
}
