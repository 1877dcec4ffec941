using System.Diagnostics.Metrics;

namespace NewsEvents.Core.Feeds;

/// <summary>The feed pollers' metrics, on the meter <see cref="MeterName"/> that the API exports.</summary>
public static class FeedMetrics
{
    public const string MeterName = "NewsEvents.Feeds";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Polls = Meter.CreateCounter<long>(
        "newsevents.feed.polls", "{poll}", "Feed polls, by outcome (updated, not_modified, failed).");

    private static readonly Counter<long> ItemsSeen = Meter.CreateCounter<long>(
        "newsevents.feed.items.seen", "{item}", "Items in the feed documents fetched.");

    private static readonly Counter<long> ItemsNew = Meter.CreateCounter<long>(
        "newsevents.feed.items.new", "{item}", "Feed items stored as new articles (the rest were duplicates or had no text).");

    private static readonly Histogram<double> PollDuration = Meter.CreateHistogram<double>(
        "newsevents.feed.poll.duration", "s", "Time to fetch a feed and queue its new items, by outcome.");

    public static void RecordPoll(PollResult result, TimeSpan duration)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", result.Outcome switch
        {
            PollOutcome.Updated => "updated",
            PollOutcome.NotModified => "not_modified",
            _ => "failed",
        });
        Polls.Add(1, outcome);
        PollDuration.Record(duration.TotalSeconds, outcome);
        ItemsSeen.Add(result.ItemsSeen);
        ItemsNew.Add(result.ItemsAccepted);
    }
}
