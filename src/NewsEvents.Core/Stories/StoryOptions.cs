using System.ComponentModel.DataAnnotations;

namespace NewsEvents.Core.Stories;

/// <summary>The "Stories" configuration section: when a processed article joins a story rather than starting one.</summary>
public sealed class StoryOptions
{
    public const string Section = "Stories";

    /// <summary>How far from an article's publication time a story's span may end (or start) and still take it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The similarity (0 to 1) the best candidate story must reach for the article to join it.</summary>
    [Range(0.0, 1.0)]
    public double Threshold { get; set; } = 0.35;

    /// <summary>
    /// Distinct entities a story must share with an article to be a candidate at all: one shared name (a mis-tagged
    /// "JAN", a country) plus formulaic wording ("qtr", "shr", "mln") is not a happening.
    /// </summary>
    [Range(1, 100)]
    public int MinSharedEntities { get; set; } = 2;

    /// <summary>The share of the similarity given to shared entities; the rest goes to shared key terms.</summary>
    [Range(0.0, 1.0)]
    public double EntityWeight { get; set; } = 0.6;
}
