using System.Buffers.Text;
using System.Linq.Expressions;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Text;
using Npgsql;

namespace NewsEvents.Api.Features.Sources;

/// <summary>
/// Sources and the feeds (RSS 2.0, Atom 1.0, JSON Feed) polled for their articles. Reading is open (unless
/// configured otherwise); adding, changing, deleting and polling need a key with the write scope.
/// </summary>
[ApiController]
[Route("api/v1/sources")]
public sealed class SourcesController(NewsEventsDbContext db, TimeProvider time) : ControllerBase
{
    /// <summary>Adds a feed to poll.</summary>
    /// <remarks>
    /// The feed is due at once: the background poller reads it within its check interval (or call
    /// <c>POST /api/v1/sources/{id}/poll</c>). Its items become articles under this source's name.
    /// </remarks>
    /// <response code="201">Created; Location points to the source.</response>
    /// <response code="400">The request fails validation (e.g. a feed URL that is not http or https).</response>
    /// <response code="409">Another source has this name or this feed URL.</response>
    [HttpPost]
    [Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<SourceResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Create(
        CreateSourceRequest request, [FromServices] IOptions<FeedOptions> feedOptions, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var source = new Source
        {
            Id = Guid.CreateVersion7(now),
            Name = CleanName(request.Name),
            CreatedAt = now,
            FeedUrl = request.FeedUrl.Trim(),
            PollInterval = request.PollIntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : feedOptions.Value.DefaultPollInterval,
            Enabled = request.Enabled,
            NextPollAt = now,
        };
        db.Sources.Add(source);
        if (await SaveAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return CreatedAtAction(nameof(Get), new { id = source.Id }, await FindAsync(source.Id, cancellationToken));
    }

    /// <summary>Lists sources by name: feeds and the sources named by articles alone.</summary>
    /// <response code="200">One page of sources.</response>
    /// <response code="400">A parameter is invalid, or the cursor is not one this API issued.</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<SourceResponse>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> List([FromQuery] SourceListRequest request, CancellationToken cancellationToken)
    {
        string? after = null;
        if (request.Cursor is not null)
        {
            if (DecodeCursor(request.Cursor) is not { } name)
            {
                ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued; start again without it.");
                return ValidationProblem(ModelState);
            }
            after = name;
        }
        var sources = db.Sources.AsNoTracking();
        if (request.HasFeed is { } hasFeed)
        {
            sources = sources.Where(s => (s.FeedUrl != null) == hasFeed);
        }
        if (after is not null)
        {
            sources = sources.Where(s => s.Name.CompareTo(after) > 0);
        }
        var page = await sources.OrderBy(s => s.Name).Take(request.Limit + 1).Select(ToResponse).ToListAsync(cancellationToken);
        var next = page.Count > request.Limit ? EncodeCursor(page[request.Limit - 1].Name) : null;
        return Ok(new ListResponse<SourceResponse>(page.Take(request.Limit).ToList(), next));
    }

    /// <summary>Gets a source and its feed's polling state: last poll, last success, last error and counters.</summary>
    /// <response code="200">The source.</response>
    /// <response code="404">No source has this id.</response>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<SourceResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is { } source ? Ok(source) : NotFoundProblem();

    /// <summary>Changes a source's name, feed URL, poll interval or whether it is polled.</summary>
    /// <remarks>
    /// A new feed URL starts afresh (no validators, due at once; the counters keep counting). A new interval
    /// takes effect from the last poll.
    /// </remarks>
    /// <response code="200">The source as changed.</response>
    /// <response code="400">The request fails validation, or sets polling on a source without a feed URL.</response>
    /// <response code="404">No source has this id.</response>
    /// <response code="409">Another source has this name or this feed URL.</response>
    [HttpPatch("{id:guid}")]
    [Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<SourceResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Update(
        Guid id, UpdateSourceRequest request, [FromServices] IOptions<FeedOptions> feedOptions, CancellationToken cancellationToken)
    {
        if (await db.Sources.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } source)
        {
            return NotFoundProblem();
        }
        var now = time.GetUtcNow();
        if (request.Name is not null)
        {
            source.Name = CleanName(request.Name);
        }
        if (request.FeedUrl?.Trim() is { } feedUrl && feedUrl != source.FeedUrl)
        {
            source.FeedUrl = feedUrl;
            source.FeedKind = null;
            source.ETag = null;
            source.LastModified = null;
            source.LastError = null;
            source.NextPollAt = now;
            if (source.PollInterval is null)
            {
                source.PollInterval = feedOptions.Value.DefaultPollInterval;
                source.Enabled = true; // a source that gets its first feed is polled unless the request says otherwise
            }
        }
        if (source.FeedUrl is null && (request.PollIntervalSeconds is not null || request.Enabled is not null))
        {
            ModelState.AddModelError(nameof(request.FeedUrl), "This source has no feed: give a feedUrl to poll it.");
            return ValidationProblem(ModelState);
        }
        if (request.PollIntervalSeconds is { } seconds)
        {
            source.PollInterval = TimeSpan.FromSeconds(seconds);
            source.NextPollAt = source.LastPolledAt is { } lastPolled ? lastPolled + source.PollInterval : now;
        }
        if (request.Enabled is { } enabled)
        {
            source.Enabled = enabled;
        }
        if (await SaveAsync(cancellationToken) is { } conflict)
        {
            return conflict;
        }
        return Ok(await FindAsync(id, cancellationToken));
    }

    /// <summary>Deletes a source and stops polling its feed.</summary>
    /// <remarks>
    /// Articles from the source stay in the store, without a source. To stop polling but keep the attribution,
    /// disable the feed instead (<c>PATCH {"enabled": false}</c>).
    /// </remarks>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No source has this id.</response>
    [HttpDelete("{id:guid}")]
    [Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await db.Sources.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 1 ? NoContent() : NotFoundProblem();

    /// <summary>Polls a source's feed now, due or not, enabled or not, and answers what the poll did.</summary>
    /// <remarks>
    /// The poll is the background poller's: a conditional GET (304 means nothing new), new items queued as articles
    /// (duplicates recognised by canonical URL and content), the outcome and counters recorded on the source.
    /// A feed that fails is still a 200 here, with <c>"outcome": "failed"</c> and the error.
    /// </remarks>
    /// <response code="200">The poll ran; its outcome.</response>
    /// <response code="404">No source has this id.</response>
    /// <response code="409">The source has no feed to poll.</response>
    [HttpPost("{id:guid}/poll")]
    [Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
    [ProducesResponseType<PollResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Poll(Guid id, [FromServices] FeedPoller poller, CancellationToken cancellationToken)
    {
        if (await poller.PollNowAsync(id, cancellationToken) is { } result)
        {
            return Ok(new PollResponse(result.Outcome, result.ItemsSeen, result.ItemsAccepted, result.Error));
        }
        return await db.Sources.AnyAsync(s => s.Id == id, cancellationToken)
            ? Problem(statusCode: StatusCodes.Status409Conflict, title: "This source has no feed to poll.")
            : NotFoundProblem();
    }

    private static readonly Expression<Func<Source, SourceResponse>> ToResponse = s => new SourceResponse(
        s.Id, s.Name, s.CreatedAt, s.FeedUrl, s.FeedKind,
        s.PollInterval == null ? null : (int)s.PollInterval.Value.TotalSeconds,
        s.Enabled, s.NextPollAt, s.LastPolledAt, s.LastSuccessAt, s.LastError, s.ItemsSeen, s.ItemsAccepted);

    private Task<SourceResponse?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Sources.AsNoTracking().Where(s => s.Id == id).Select(ToResponse).SingleOrDefaultAsync(cancellationToken);

    // The cursor is the last name on the page. Names may hold the token's separator, so the name goes in base64url,
    // after a tag that tells a cursor of this list from any other string.
    private const string CursorTag = "source-name";

    private static string EncodeCursor(string name) =>
        KeysetToken.Encode(CursorTag, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(name)));

    private static string? DecodeCursor(string cursor)
    {
        if (KeysetToken.TryDecode(cursor, 2) is not [CursorTag, var encoded] || !Base64Url.IsValid(encoded))
        {
            return null;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private ObjectResult NotFoundProblem() => Problem(statusCode: StatusCodes.Status404NotFound, title: "No source has this id.");

    /// <summary>Saves, or answers 409 when a unique name or feed URL is taken.</summary>
    private async Task<IActionResult?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException
            { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var constraint })
        {
            return constraint == Source.FeedUrlIndex
                ? Problem(statusCode: StatusCodes.Status409Conflict, title: "Another source already polls this feed URL.")
                : Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Another source already has this name.",
                    detail: "To poll a feed for a source that articles already name, PATCH that source with a feedUrl.");
        }
    }

    /// <summary>The same cleaning ingestion gives a source name, so articles and the feed agree on it.</summary>
    private static string CleanName(string name) => PlainText.Sanitize(name).Trim();
}
