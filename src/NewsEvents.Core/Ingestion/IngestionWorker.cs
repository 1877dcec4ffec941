using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Runs <see cref="IngestionOptions.Workers"/> loops that take items from the queue and process them. A loop with
/// nothing to do sleeps until <see cref="WorkSignal"/> fires or the poll interval passes.
/// </summary>
public sealed partial class IngestionWorker(
    IngestionQueue queue,
    WorkSignal signal,
    IServiceScopeFactory scopeFactory,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.Enabled
        ? Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => RunLoopAsync(stoppingToken), stoppingToken)))
        : Task.CompletedTask;

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Next;
            try
            {
                if (await queue.ClaimAsync(stoppingToken) is { } job)
                {
                    await ProcessAsync(job, stoppingToken);
                    continue;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogQueueUnavailable(exception);
            }
            await SleepAsync(wake, stoppingToken);
        }
    }

    private async Task SleepAsync(Task wake, CancellationToken stoppingToken)
    {
        try
        {
            await wake.WaitAsync(options.Value.PollInterval, time, stoppingToken);
        }
        catch (TimeoutException)
        {
            // The poll interval passed: look again for due retries and expired leases.
        }
    }

    private async Task ProcessAsync(ClaimedJob job, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var itemTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        itemTimeout.CancelAfter(settings.ItemTimeout);
        try
        {
            if (await queue.LoadAsync(job, stoppingToken) is not { } article)
            {
                return; // Deleted meanwhile; its job row went with it.
            }

            await using var scope = scopeFactory.CreateAsyncScope();
            var processor = scope.ServiceProvider.GetRequiredService<IArticleProcessor>();
            // Processing is CPU work that may not return for a long time on a pathological text (the extractor is
            // synchronous and checks its token only between stages): run it on the thread pool and stop waiting at the
            // timeout, so one poisoned article cannot hold a worker however its processor treats the token.
            var started = Stopwatch.GetTimestamp();
            var result = await Task.Run(() => processor.ProcessAsync(article, itemTimeout.Token), itemTimeout.Token).WaitAsync(itemTimeout.Token);
            if (await queue.CompleteAsync(job, result, processor.Version, stoppingToken))
            {
                IngestionMetrics.Processed.Add(1);
                IngestionMetrics.ProcessingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                LogProcessed(job.ArticleId, job.Attempt);
            }
            else
            {
                LogLeaseLost(job.ArticleId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None), job);
        }
        catch (Exception exception)
        {
            var error = itemTimeout.IsCancellationRequested
                ? $"Processing took longer than {settings.ItemTimeout}."
                : $"{exception.GetType().Name}: {exception.Message}";
            IngestionMetrics.FailedAttempts.Add(1);
            LogAttemptFailed(exception, job.ArticleId, job.Attempt, settings.MaxAttempts);
            await TryAsync(() => queue.FailAsync(job, error, stoppingToken), job);
        }
    }

    /// <summary>Bookkeeping after a failure may fail too (database gone); the lease then expires and the item returns.</summary>
    private async Task TryAsync(Func<Task<bool>> bookkeeping, ClaimedJob job)
    {
        try
        {
            await bookkeeping();
        }
        catch (Exception exception)
        {
            LogBookkeepingFailed(exception, job.ArticleId);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Ingestion queue unavailable; retrying after the poll interval")]
    private partial void LogQueueUnavailable(Exception exception);

    [LoggerMessage(LogLevel.Information, "Processed article {ArticleId} (attempt {Attempt})")]
    private partial void LogProcessed(Guid articleId, int attempt);

    [LoggerMessage(LogLevel.Warning, "Lease on article {ArticleId} expired before it finished; another worker owns it")]
    private partial void LogLeaseLost(Guid articleId);

    [LoggerMessage(LogLevel.Warning, "Processing article {ArticleId} failed on attempt {Attempt} of {MaxAttempts}")]
    private partial void LogAttemptFailed(Exception exception, Guid articleId, int attempt, int maxAttempts);

    [LoggerMessage(LogLevel.Error, "Could not record the outcome for article {ArticleId}; its lease will expire")]
    private partial void LogBookkeepingFailed(Exception exception, Guid articleId);
}
