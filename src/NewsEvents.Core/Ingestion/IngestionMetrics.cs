using System.Diagnostics.Metrics;

namespace NewsEvents.Core.Ingestion;

/// <summary>The ingestion workers' own metrics, on the meter <see cref="MeterName"/> that the API exports.</summary>
public static class IngestionMetrics
{
    public const string MeterName = "NewsEvents.Ingestion";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Processed = Meter.CreateCounter<long>(
        "newsevents.articles.processed", "{article}", "Articles whose processing committed.");

    public static readonly Counter<long> FailedAttempts = Meter.CreateCounter<long>(
        "newsevents.articles.failed_attempts", "{attempt}", "Processing attempts that failed or timed out (the article is retried, then parked).");

    public static readonly Histogram<double> ExtractionDuration = Meter.CreateHistogram<double>(
        "newsevents.articles.extraction.duration", "s", "Time to extract one article (entities, events, quotes, tone), outside the database.");

    public static readonly Histogram<double> ProcessingDuration = Meter.CreateHistogram<double>(
        "newsevents.articles.processing.duration", "s", "Time from an article's batch claimed to committed: the whole batch's extraction and its one storing transaction.");
}
