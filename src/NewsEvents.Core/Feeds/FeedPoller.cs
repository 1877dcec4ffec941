using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Core.Feeds;

public enum PollOutcome
{
    /// <summary>The feed was read; its new items were queued.</summary>
    Updated,

    /// <summary>The feed answered 304: nothing changed since the last poll.</summary>
    NotModified,

    /// <summary>The feed could not be fetched or read; the error is on the source.</summary>
    Failed,
}

/// <param name="ItemsSeen">Items in the fetched document.</param>
/// <param name="ItemsAccepted">Items stored as new articles (the rest were duplicates or had no text).</param>
public sealed record PollResult(PollOutcome Outcome, int ItemsSeen, int ItemsAccepted, string? Error);

/// <summary>
/// Polls feeds: claims one (FOR UPDATE SKIP LOCKED, then leased by moving its next_poll_at past the lease, so any number
/// of pollers in any number of processes share the sources table), fetches it with a conditional GET, queues its
/// items through <see cref="ArticleIngestor"/> (canonical URLs and content hashes keep re-polled items from
/// duplicating) and records the outcome and counters on the source.
/// </summary>
public sealed partial class FeedPoller(
    NpgsqlDataSource dataSource,
    FeedFetcher fetcher,
    ArticleIngestor ingestor,
    TimeProvider time,
    IOptions<FeedOptions> options,
    ILogger<FeedPoller> logger)
{
    private const int MaxErrorLength = 2000;
    private const int MaxStoredUrlLength = 2048; // articles.url and canonical_url

    private const string ClaimedColumns = "s.id, s.name, s.feed_url, s.etag, s.last_modified";

    private sealed record ClaimedFeed(Guid Id, string Name, string FeedUrl, string? ETag, string? LastModified);

    /// <summary>Claims the feed that has been due longest and polls it; null when no enabled feed is due.</summary>
    public async Task<PollResult?> PollNextDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var feed = await ClaimAsync($"""
            WITH next AS (
                SELECT id FROM sources
                WHERE enabled AND feed_url IS NOT NULL AND next_poll_at <= $1
                ORDER BY next_poll_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE sources AS s SET next_poll_at = $2 FROM next WHERE s.id = next.id
            RETURNING {ClaimedColumns}
            """, cancellationToken, now, now + options.Value.PollLease);
        return feed is null ? null : await PollAsync(feed, cancellationToken);
    }

    /// <summary>Polls one source's feed now, due or not, enabled or not; null when the source has no feed.</summary>
    public async Task<PollResult?> PollNowAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var feed = await ClaimAsync($"""
            UPDATE sources AS s SET next_poll_at = $2 WHERE s.id = $3 AND s.feed_url IS NOT NULL
            RETURNING {ClaimedColumns}
            """, cancellationToken, now, now + options.Value.PollLease, sourceId);
        return feed is null ? null : await PollAsync(feed, cancellationToken);
    }

    private async Task<ClaimedFeed?> ClaimAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = CreateCommand(sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedFeed(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4))
            : null;
    }

    private async Task<PollResult> PollAsync(ClaimedFeed feed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await FetchAndQueueAsync(feed, cancellationToken);
        FeedMetrics.RecordPoll(result, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async Task<PollResult> FetchAndQueueAsync(ClaimedFeed feed, CancellationToken cancellationToken)
    {
        int seen = 0, accepted = 0;
        try
        {
            var fetched = await fetcher.FetchAsync(feed.FeedUrl, feed.ETag, feed.LastModified, cancellationToken);
            if (fetched.NotModified)
            {
                await RecordSuccessAsync(feed, fetched, kind: null, seen, accepted, cancellationToken);
                LogNotModified(feed.Id, feed.Name);
                return new PollResult(PollOutcome.NotModified, seen, accepted, null);
            }

            var parsed = FeedParser.Parse(fetched.Content, new Uri(feed.FeedUrl));
            seen = parsed.EntryCount;
            foreach (var item in parsed.Items)
            {
                var result = await ingestor.IngestAsync(ToArticle(item, feed.Name, parsed.Language), cancellationToken);
                accepted += result.Duplicate ? 0 : 1;
            }
            await RecordSuccessAsync(feed, fetched, parsed.Kind, seen, accepted, cancellationToken);
            LogPolled(feed.Id, feed.Name, seen, accepted);
            return new PollResult(PollOutcome.Updated, seen, accepted, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = exception is FeedFetchException or FeedFormatException
                ? exception.Message
                : $"{exception.GetType().Name}: {exception.Message}";
            error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
            LogPollFailed(exception, feed.Id, feed.Name);
            await RecordFailureAsync(feed, error, seen, accepted, cancellationToken);
            return new PollResult(PollOutcome.Failed, seen, accepted, error);
        }
    }

    private NewArticle ToArticle(FeedItem item, string source, string? language)
    {
        var now = time.GetUtcNow();
        // The same sanity rules as the articles API: no date before 1800 or days ahead, no URL too long to store.
        var published = item.PublishedAt is { } at && at.Year >= 1800 && at <= now.AddDays(2) ? at : (DateTimeOffset?)null;
        var url = item.Url is { Length: <= MaxStoredUrlLength } link && UrlCanonicalizer.IsWebUrl(link)
            && UrlCanonicalizer.Canonicalize(link).Length <= MaxStoredUrlLength ? link : null;
        return new NewArticle(item.Title, item.Text, url, published, source, language, item.Author);
    }

    // Both records leave the source alone if its feed URL changed meanwhile: its validators and due time then belong
    // to the new URL (set by the update).

    private Task RecordSuccessAsync(
        ClaimedFeed feed, FetchedFeed fetched, FeedKind? kind, int seen, int accepted, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE sources SET last_polled_at = $3, last_success_at = $3, last_error = NULL,
                etag = $4, last_modified = $5, feed_kind = coalesce($6, feed_kind),
                items_seen = items_seen + $7, items_accepted = items_accepted + $8, next_poll_at = $3 + poll_interval
            WHERE id = $1 AND feed_url = $2
            """, cancellationToken, feed.Id, feed.FeedUrl, time.GetUtcNow(), (object?)fetched.ETag ?? DBNull.Value,
            (object?)fetched.LastModified ?? DBNull.Value, (object?)kind?.ToString().ToLowerInvariant() ?? DBNull.Value,
            (long)seen, (long)accepted);

    private Task RecordFailureAsync(ClaimedFeed feed, string error, int seen, int accepted, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            UPDATE sources SET last_polled_at = $3, last_error = $4,
                items_seen = items_seen + $5, items_accepted = items_accepted + $6, next_poll_at = $3 + poll_interval
            WHERE id = $1 AND feed_url = $2
            """, cancellationToken, feed.Id, feed.FeedUrl, time.GetUtcNow(), error, (long)seen, (long)accepted);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = CreateCommand(sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand CreateCommand(string sql, object[] values)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }
        return command;
    }

    [LoggerMessage(LogLevel.Information, "Polled feed {SourceId} ({SourceName}): {ItemsSeen} items, {ItemsAccepted} new")]
    private partial void LogPolled(Guid sourceId, string sourceName, int itemsSeen, int itemsAccepted);

    [LoggerMessage(LogLevel.Debug, "Feed {SourceId} ({SourceName}) not modified")]
    private partial void LogNotModified(Guid sourceId, string sourceName);

    [LoggerMessage(LogLevel.Warning, "Polling feed {SourceId} ({SourceName}) failed")]
    private partial void LogPollFailed(Exception exception, Guid sourceId, string sourceName);
}
