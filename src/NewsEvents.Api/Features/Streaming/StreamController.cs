using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Core.Alerts;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Streaming;

/// <summary>Live stream parameters.</summary>
public sealed class ArticleStreamRequest
{
    /// <summary>
    /// Only articles meeting this query, in the language of /api/v1/search (and with the meaning its filters have
    /// for alerts). Empty: every newly processed article.
    /// </summary>
    /// <example>weapons entity:"Kim Jong-un"</example>
    [StringLength(1000)]
    public string? Q { get; init; }
}

/// <summary>Newly processed articles as Server-Sent Events.</summary>
[ApiController]
[Route("api/v1/stream")]
// The stream stays open for as long as the client listens; Limits:RequestTimeout would cut it.
[DisableRequestTimeout]
public sealed class StreamController(ArticleStream stream, IOptions<AlertOptions> options, TimeProvider time) : ControllerBase
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Streams newly processed articles that meet a query, as Server-Sent Events.</summary>
    /// <remarks>
    /// A <c>text/event-stream</c> that stays open: each article that finishes processing (in any process) and meets
    /// <c>q</c> comes as an event <c>article</c> whose <c>id</c> is the article id and whose data is the article as
    /// JSON; near-duplicates of other articles are left out. A comment line is sent when nothing else has been for
    /// a while (<c>Alerts:StreamHeartbeat</c>), so idle connections stay open. To resume after a disconnect, send the
    /// last id seen in the <c>Last-Event-ID</c> header (EventSource does): the articles processed since then that meet
    /// <c>q</c> come first (up to <c>Alerts:StreamReplayLimit</c>). A client that falls far behind is disconnected,
    /// and resumes the same way.
    /// </remarks>
    /// <param name="request">The query.</param>
    /// <param name="lastEventId">The id of the last event received, to resume after it.</param>
    /// <param name="entities">Resolves entity: filters.</param>
    /// <param name="matcher">Finds the articles missed since lastEventId.</param>
    /// <param name="cancellationToken">Ends the stream when the client goes away.</param>
    /// <response code="200">The stream: events of <c>article</c>, each data a StreamedArticle.</response>
    /// <response code="400">The query cannot be understood (or names an unknown entity), or Last-Event-ID is not an article id.</response>
    [HttpGet("articles")]
    [ProducesResponseType<StreamedArticle>(StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Articles(
        [FromQuery] ArticleStreamRequest request,
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        [FromServices] EntitySearch entities,
        [FromServices] ArticleMatcher matcher,
        CancellationToken cancellationToken)
    {
        var query = ArticleListing.Clean(request.Q);
        var (criteria, errors) = query is null ? (ArticleCriteria.Everything, []) : await ArticleCriteria.CompileAsync(query, entities, cancellationToken);
        foreach (var error in errors)
        {
            ModelState.AddModelError(nameof(request.Q), error);
        }
        Guid? resumeAfter = null;
        if (!string.IsNullOrWhiteSpace(lastEventId))
        {
            if (Guid.TryParse(lastEventId.Trim(), out var lastId))
            {
                resumeAfter = lastId;
            }
            else
            {
                ModelState.AddModelError("Last-Event-ID", "Not an id this stream sent.");
            }
        }
        if (criteria is null || !ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        // Subscribe before looking back, so nothing processed in between is missed; what both see is sent once.
        using var subscription = stream.Subscribe(criteria);
        HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache";
        Response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold events back
        try
        {
            await WriteAsync(": connected\n\n", cancellationToken);
            var replayed = new HashSet<Guid>();
            if (resumeAfter is { } after)
            {
                foreach (var article in await matcher.SinceAsync(criteria, after, options.Value.StreamReplayLimit, cancellationToken))
                {
                    await SendAsync(article, cancellationToken);
                    replayed.Add(article.Id);
                }
            }
            await RelayAsync(subscription, replayed, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a stream.
        }
        return new EmptyResult();
    }

    /// <summary>Sends the subscription's articles as they come, with heartbeats between, until it ends.</summary>
    private async Task RelayAsync(ArticleSubscription subscription, HashSet<Guid> replayed, CancellationToken cancellationToken)
    {
        var waiting = subscription.Articles.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var heartbeat = Task.Delay(options.Value.StreamHeartbeat, time, idle.Token);
                if (await Task.WhenAny(waiting, heartbeat) == heartbeat)
                {
                    await heartbeat; // throws if the client went away
                    await WriteAsync(": heartbeat\n\n", cancellationToken);
                    continue;
                }
                await idle.CancelAsync();
            }
            if (!await waiting)
            {
                return; // fell too far behind; the client reconnects and resumes with Last-Event-ID
            }
            while (subscription.Articles.TryRead(out var article))
            {
                if (!replayed.Contains(article.Id))
                {
                    await SendAsync(article, cancellationToken);
                }
            }
            waiting = subscription.Articles.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private Task SendAsync(StreamedArticle article, CancellationToken cancellationToken) =>
        WriteAsync($"id: {article.Id}\nevent: article\ndata: {JsonSerializer.Serialize(article, Json)}\n\n", cancellationToken);

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await Response.Body.FlushAsync(cancellationToken);
    }
}
