using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Runs <see cref="IngestionOptions.Workers"/> loops that take items from the queue, up to
/// <see cref="IngestionOptions.BatchSize"/> at a time, and process them. A loop with nothing to do sleeps until
/// <see cref="WorkSignal"/> fires or the poll interval passes.
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
                if (await queue.ClaimAsync(options.Value.BatchSize, stoppingToken) is { Count: > 0 } jobs)
                {
                    await ProcessAsync(jobs, stoppingToken);
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

    /// <summary>
    /// Extracts the claimed articles, each within its own timeout, then stores all that succeeded in one transaction. Should that fail, they are stored one by one, so an article that cannot be stored fails alone.
    /// </summary>
    private async Task ProcessAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken stoppingToken)
    {
        IReadOnlyList<(ClaimedJob Job, ArticleText Article)> articles;
        try
        {
            articles = await queue.LoadAsync(jobs, stoppingToken); // one deleted meanwhile is left out; its job row went with it
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAll(jobs.Select(job => TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None), job)));
            return;
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var processor = scope.ServiceProvider.GetRequiredService<IArticleProcessor>();
        var started = Stopwatch.GetTimestamp();
        // One after another: the workers already keep the cores busy, and each item's timeout then measures its own work.
        var extracted = new List<(ClaimedJob Job, ProcessedArticle Result)>();
        foreach (var (job, article) in articles)
        {
            if (await ExtractAsync(processor, job, article, stoppingToken) is { } result)
            {
                extracted.Add((job, result));
            }
        }
        if (extracted.Count == 0)
        {
            return;
        }
        try
        {
            Completed(await queue.CompleteAsync(extracted, processor.Version, stoppingToken), extracted, started);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAll(extracted.Select(item => TryAsync(() => queue.ReleaseAsync(item.Job, CancellationToken.None), item.Job)));
        }
        catch (Exception exception) when (extracted.Count > 1)
        {
            LogBatchFailed(exception, extracted.Count);
            foreach (var item in extracted)
            {
                await CompleteAloneAsync(item.Job, item.Result, processor.Version, started, stoppingToken);
            }
        }
        catch (Exception exception)
        {
            await FailAsync(extracted[0].Job, exception, timedOut: false, stoppingToken);
        }
    }

    private async Task CompleteAloneAsync(ClaimedJob job, ProcessedArticle result, string version, long started, CancellationToken stoppingToken)
    {
        try
        {
            Completed(await queue.CompleteAsync([(job, result)], version, stoppingToken), [(job, result)], started);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None), job);
        }
        catch (Exception exception)
        {
            await FailAsync(job, exception, timedOut: false, stoppingToken);
        }
    }

    /// <summary>
    /// The processed article, or null when processing failed or timed out (the failure is then recorded) or the worker
    /// is stopping (the item is then handed back).
    /// </summary>
    private async Task<ProcessedArticle?> ExtractAsync(IArticleProcessor processor, ClaimedJob job, ArticleText article, CancellationToken stoppingToken)
    {
        using var itemTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        itemTimeout.CancelAfter(options.Value.ItemTimeout);
        try
        {
            // Processing is CPU work that may not return for a long time on a pathological text (the extractor is
            // synchronous and checks its token only between stages): run it on the thread pool and stop waiting at the
            // timeout, so one poisoned article cannot hold a worker however its processor treats the token.
            var started = Stopwatch.GetTimestamp();
            var result = await Task.Run(() => processor.ProcessAsync(article, itemTimeout.Token), itemTimeout.Token).WaitAsync(itemTimeout.Token);
            IngestionMetrics.ExtractionDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            return result;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await TryAsync(() => queue.ReleaseAsync(job, CancellationToken.None), job);
        }
        catch (Exception exception)
        {
            await FailAsync(job, exception, itemTimeout.IsCancellationRequested, stoppingToken);
        }
        return null;
    }

    private void Completed(IReadOnlyList<ClaimedJob> completed, IReadOnlyList<(ClaimedJob Job, ProcessedArticle Result)> attempted, long started)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        foreach (var job in completed)
        {
            IngestionMetrics.Processed.Add(1);
            IngestionMetrics.ProcessingDuration.Record(seconds);
            LogProcessed(job.ArticleId, job.Attempt);
        }
        foreach (var (job, _) in attempted.Where(item => !completed.Contains(item.Job)))
        {
            LogLeaseLost(job.ArticleId);
        }
    }

    private Task FailAsync(ClaimedJob job, Exception exception, bool timedOut, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var error = timedOut
            ? $"Processing took longer than {settings.ItemTimeout}."
            : $"{exception.GetType().Name}: {exception.Message}";
        IngestionMetrics.FailedAttempts.Add(1);
        LogAttemptFailed(exception, job.ArticleId, job.Attempt, settings.MaxAttempts);
        return TryAsync(() => queue.FailAsync(job, error, stoppingToken), job);
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

    [LoggerMessage(LogLevel.Warning, "Storing a batch of {Count} articles failed; storing them one by one")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "Lease on article {ArticleId} expired before it finished; another worker owns it")]
    private partial void LogLeaseLost(Guid articleId);

    [LoggerMessage(LogLevel.Warning, "Processing article {ArticleId} failed on attempt {Attempt} of {MaxAttempts}")]
    private partial void LogAttemptFailed(Exception exception, Guid articleId, int attempt, int maxAttempts);

    [LoggerMessage(LogLevel.Error, "Could not record the outcome for article {ArticleId}; its lease will expire")]
    private partial void LogBookkeepingFailed(Exception exception, Guid articleId);
}
