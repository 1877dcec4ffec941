using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Data;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Search;

namespace NewsEvents.Core.Alerts;

/// <summary>One live-stream client: the articles meeting its criteria, as they are processed.</summary>
public sealed class ArticleSubscription(ArticleCriteria criteria, int buffer) : IDisposable
{
    private readonly Channel<StreamedArticle> _articles = Channel.CreateBounded<StreamedArticle>(
        new BoundedChannelOptions(buffer) { SingleReader = true, SingleWriter = true });

    internal Action<ArticleSubscription>? OnDispose { get; set; }

    public ArticleCriteria Criteria => criteria;

    /// <summary>Completes when the client fell more than the buffer behind: it should reconnect and resume.</summary>
    public ChannelReader<StreamedArticle> Articles => _articles.Reader;

    internal void Offer(StreamedArticle article)
    {
        if (!_articles.Writer.TryWrite(article))
        {
            _articles.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        _articles.Writer.TryComplete();
        OnDispose?.Invoke(this);
    }
}

/// <summary>
/// The live stream's one PostgreSQL listener per process: it LISTENs on the channel the processing transaction
/// notifies (with the article id, on commit, from any process), tests each new article against every subscriber's
/// criteria in one statement, and hands it to those it matches. Reconnects after database restarts.
/// </summary>
public sealed partial class ArticleStream(
    StoreConnections connections,
    ArticleMatcher matcher,
    IOptions<AlertOptions> alertOptions,
    IOptions<IngestionOptions> ingestionOptions,
    TimeProvider time,
    ILogger<ArticleStream> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<ArticleSubscription, byte> _subscribers = new();
    private readonly Channel<Guid> _processed = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ArticleSubscription Subscribe(ArticleCriteria criteria)
    {
        var subscription = new ArticleSubscription(criteria, alertOptions.Value.StreamBuffer)
        {
            OnDispose = gone => _subscribers.TryRemove(gone, out _),
        };
        _subscribers[subscription] = 0;
        return subscription;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenLoopAsync(stoppingToken), DispatchLoopAsync(stoppingToken));

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await connections.ListenAsync(NewsEventsDbContext.ProcessedChannel, (_, notification) =>
                {
                    if (Guid.TryParse(notification.Payload, out var articleId))
                    {
                        _processed.Writer.TryWrite(articleId);
                    }
                }, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Clients miss what is processed meanwhile; they can resume with Last-Event-ID when they reconnect.
                LogListenFailed(exception);
                await Task.Delay(ingestionOptions.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var articleId in _processed.Reader.ReadAllAsync(stoppingToken))
        {
            var subscribers = _subscribers.Keys.ToList();
            if (subscribers.Count == 0)
            {
                continue;
            }
            try
            {
                if (await matcher.MatchAsync(articleId, subscribers.Select(s => s.Criteria).ToList(), stoppingToken) is var (article, matched))
                {
                    foreach (var index in matched)
                    {
                        subscribers[index].Offer(article);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogMatchFailed(exception, articleId);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Lost the live-stream notification connection; reconnecting")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Could not match article {ArticleId} against the live-stream subscribers")]
    private partial void LogMatchFailed(Exception exception, Guid articleId);
}
