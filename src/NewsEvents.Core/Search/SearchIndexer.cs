using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Data;

namespace NewsEvents.Core.Search;

/// <summary>
/// Keeps this instance's <see cref="ArticleIndex"/> up to date (decision 017): opens it (building it when it is missing,
/// unreadable or of another format), then applies the change log whenever a notification or the poll interval comes,
/// and prunes the log below the applied watermark. With no index folder configured it only keeps the log to its
/// retention. Its metrics, on the meter <see cref="MeterName"/>: the changes applied, and the index lag.
/// </summary>
public sealed partial class SearchIndexer(
    ArticleIndex index,
    StoreConnections connections,
    IOptions<SearchOptions> options,
    TimeProvider time,
    ILogger<SearchIndexer> logger,
    IMeterFactory meters) : BackgroundService
{
    public const string MeterName = "NewsEvents.Search";

    /// <summary>The change log is pruned at most this often.</summary>
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = new SearchChangeLog(connections.Primary);
        if (!index.IsConfigured)
        {
            await KeepToRetentionAsync(log, stoppingToken);
            return;
        }
        var applied = CreateMetrics(meters.Create(MeterName), index);
        var lastPruned = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!index.IsReady)
                {
                    var started = time.GetTimestamp();
                    var built = await index.OpenAsync(rebuild: false, stoppingToken);
                    LogOpened(built, index.DocumentCount, index.Watermark, time.GetElapsedTime(started).TotalSeconds);
                }
                await using var connection = await connections.ListenAsync(SearchChangeLog.Channel, null, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    applied.Add(await index.CatchUpAsync(stoppingToken));
                    if (time.GetUtcNow() - lastPruned >= PruneInterval)
                    {
                        await log.PruneAsync(index.Watermark, options.Value.ChangeRetention, stoppingToken);
                        lastPruned = time.GetUtcNow();
                    }
                    // A notification or the poll interval, whichever comes first.
                    await connection.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(exception);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Without an index nothing here reads the change log, but its trigger still writes it on every article change:
    /// rows older than the retention go, whatever their transaction (every instance's index is assumed to have
    /// applied them by then, as for the pruning of an indexing instance).
    /// </summary>
    private async Task KeepToRetentionAsync(SearchChangeLog log, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await log.PruneAsync(ulong.MaxValue, options.Value.ChangeRetention, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(exception);
            }
            await Task.Delay(PruneInterval, time, stoppingToken);
        }
    }

    /// <summary>A meter of this host's factory, not a static one: the index belongs to this host.</summary>
    private static Counter<long> CreateMetrics(Meter meter, ArticleIndex index)
    {
        meter.CreateObservableGauge("newsevents.search.index.lag", () => index.Lag.TotalSeconds, "s",
            "Age of the oldest article change not yet searchable through the index (searches read such articles from PostgreSQL).");
        return meter.CreateCounter<long>("newsevents.search.index.applied", "{article}", "Article changes applied to the search index.");
    }

    [LoggerMessage(LogLevel.Information, "Article index open (built from scratch: {Built}): {Documents} documents at watermark {Watermark}, in {Seconds:F1} s")]
    private partial void LogOpened(bool built, int documents, ulong watermark, double seconds);

    [LoggerMessage(LogLevel.Warning, "The article indexer failed; retrying (searches stay correct meanwhile, through the pending articles or SQL)")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Pruning the search change log failed; retrying at the next interval")]
    private partial void LogPruneFailed(Exception exception);
}
