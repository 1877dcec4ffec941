using System.Linq.Expressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Alerts;
using NewsEvents.Core.Data;
using NewsEvents.Core.Keys;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Alerts;

/// <summary>
/// Saved searches: every newly processed article is matched against the active ones, inside PostgreSQL, and each
/// match is listed here and, with a webhook, POSTed there. Every action needs a key with the write scope, reads
/// included: an alert belongs to the key that created it and holds its webhook URL. A key sees and changes only its
/// own alerts, an admin key everyone's; another key's alert answers 404, as if it did not exist, so ids do not leak.
/// </summary>
[ApiController]
[Route("api/v1/alerts")]
[Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
public sealed class AlertsController(NewsEventsDbContext db, TimeProvider time) : ControllerBase
{
    /// <summary>Saves a search as an alert.</summary>
    /// <remarks>
    /// From now on, each article that finishes processing and meets the query is recorded as a match (articles
    /// already stored are not). Near-duplicates of another article never match: their original did. Filters mean
    /// what they mean in /search, applied to the article: entity: (resolved now to the best name match, as /search
    /// resolves it; it follows later merges), type: (mentions an entity of the type), event: (reports an event of the
    /// type), source:, language:, from:/to: (publication day). With a webhookUrl, each match is POSTed there as JSON
    /// (alertId, alertName, articleId, title, url, matchedAt) with the headers X-NewsEvents-Timestamp (Unix seconds),
    /// X-NewsEvents-Signature (<c>sha256=</c> and the hex HMAC-SHA256, keyed with webhookSecret, of the timestamp, a
    /// dot and the body) and X-NewsEvents-Delivery (the same for every retry of one match); retried with backoff until
    /// it answers 2xx or attempts run out. The webhookSecret is in this answer only. The alert belongs to the key that
    /// creates it: only that key and admin keys can see or change it.
    /// </remarks>
    /// <response code="201">Created; Location points to the alert. The answer holds the webhook secret, shown only now.</response>
    /// <response code="400">The request fails validation, or the query cannot be understood (or names an unknown entity).</response>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<AlertResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Create(CreateAlertRequest request, [FromServices] EntitySearch entities, CancellationToken cancellationToken)
    {
        var query = ArticleListing.Clean(request.Query) ?? "";
        var (criteria, errors) = await ArticleCriteria.CompileAsync(query, entities, cancellationToken);
        if (criteria is null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(nameof(request.Query), error);
            }
            return ValidationProblem(ModelState);
        }
        var now = time.GetUtcNow();
        var webhookUrl = request.WebhookUrl?.Trim();
        var alert = new Alert
        {
            Id = Guid.CreateVersion7(now),
            Name = ArticleListing.Clean(request.Name),
            OwnerKeyId = CallerKeyId,
            Query = query,
            CreatedAt = now,
            Active = true,
            WebhookUrl = webhookUrl,
            WebhookSecret = webhookUrl is null ? null : WebhookSignature.NewSecret(),
            Words = criteria.Words,
            EntityId = criteria.EntityId,
            EntityType = criteria.EntityType,
            Source = criteria.Source,
            Language = criteria.Language,
            EventCode = criteria.EventCode,
            FromAt = criteria.FromAt,
            ToAt = criteria.ToAt,
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync(cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = alert.Id }, ResponseOf(alert) with { WebhookSecret = alert.WebhookSecret });
    }

    /// <summary>Lists the caller's alerts (an admin key: everyone's), newest first.</summary>
    /// <param name="request">The page.</param>
    /// <param name="owner">
    /// Only the alerts of the key with this id. Meant for admin keys, which otherwise see every key's alerts (and
    /// those made before alerts had owners); any other key sees only its own whatever it names here.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <response code="200">One page of alerts.</response>
    /// <response code="400">A parameter is invalid, or the cursor is not one this API issued.</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<AlertResponse>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> List([FromQuery] PageRequest request, [FromQuery] Guid? owner, CancellationToken cancellationToken)
    {
        var alerts = VisibleAlerts().AsNoTracking();
        if (owner is not null)
        {
            alerts = alerts.Where(a => a.OwnerKeyId == owner);
        }
        if (request.Cursor is not null)
        {
            if (KeysetToken.TryDecode(request.Cursor, 2) is not [AlertCursorTag, var last] || !KeysetToken.TryParse(last, out Guid after))
            {
                return BadCursor();
            }
            alerts = alerts.Where(a => a.Id.CompareTo(after) < 0);
        }
        var page = await alerts.OrderByDescending(a => a.Id).Take(request.Limit + 1).Select(ToResponse).ToListAsync(cancellationToken);
        var next = page.Count > request.Limit ? KeysetToken.Encode(AlertCursorTag, KeysetToken.Of(page[request.Limit - 1].Id)) : null;
        return Ok(new ListResponse<AlertResponse>(page.Take(request.Limit).ToList(), next));
    }

    /// <summary>Gets an alert (without its webhook secret).</summary>
    /// <response code="200">The alert.</response>
    /// <response code="404">No alert has this id (among those the key may see).</response>
    [HttpGet("{id:guid}")]
    [ProducesResponseType<AlertResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        await VisibleAlerts().AsNoTracking().Where(a => a.Id == id).Select(ToResponse).SingleOrDefaultAsync(cancellationToken) is { } alert
            ? Ok(alert)
            : NotFoundProblem();

    /// <summary>Renames, pauses or resumes an alert.</summary>
    /// <remarks>A paused alert makes no new matches; articles processed while it was paused are not matched later.</remarks>
    /// <response code="200">The alert as changed.</response>
    /// <response code="400">The request fails validation.</response>
    /// <response code="404">No alert has this id (among those the key may see).</response>
    [HttpPatch("{id:guid}")]
    [Consumes("application/json")]
    [ProducesResponseType<AlertResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Update(Guid id, UpdateAlertRequest request, CancellationToken cancellationToken)
    {
        if (await VisibleAlerts().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } alert)
        {
            return NotFoundProblem();
        }
        if (request.Name is not null)
        {
            alert.Name = ArticleListing.Clean(request.Name);
        }
        if (request.Active is { } active)
        {
            alert.Active = active;
        }
        await db.SaveChangesAsync(cancellationToken);
        return Ok(ResponseOf(alert));
    }

    /// <summary>Deletes an alert with its matches and any deliveries not yet made.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No alert has this id (among those the key may see).</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await VisibleAlerts().Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) == 1 ? NoContent() : NotFoundProblem();

    /// <summary>Lists an alert's matches, newest first, each with its webhook delivery state.</summary>
    /// <response code="200">One page of matches.</response>
    /// <response code="400">A parameter is invalid, or the cursor is not one this API issued.</response>
    /// <response code="404">No alert has this id (among those the key may see).</response>
    [HttpGet("{id:guid}/matches")]
    [ProducesResponseType<ListResponse<AlertMatchResponse>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Matches(Guid id, [FromQuery] PageRequest request, CancellationToken cancellationToken)
    {
        long? after = null;
        if (request.Cursor is not null)
        {
            if (KeysetToken.TryDecode(request.Cursor, 2) is not [MatchCursorTag, var last] || !KeysetToken.TryParse(last, out long matchId))
            {
                return BadCursor();
            }
            after = matchId;
        }
        if (!await VisibleAlerts().AnyAsync(a => a.Id == id, cancellationToken))
        {
            return NotFoundProblem();
        }
        var matches = db.AlertMatches.AsNoTracking().Where(m => m.AlertId == id);
        if (after is { } afterId)
        {
            matches = matches.Where(m => m.Id < afterId);
        }
        var page = await (
                from m in matches
                join a in db.Articles on m.ArticleId equals a.Id
                join d in db.WebhookDeliveries on m.Id equals d.MatchId into deliveries
                from d in deliveries.DefaultIfEmpty()
                orderby m.Id descending
                select new
                {
                    m.Id,
                    Match = new AlertMatchResponse(
                        a.Id, a.Title, a.Url, a.Source == null ? null : a.Source.Name, a.PublishedAt, m.MatchedAt,
                        d == null ? null : new DeliveryResponse(
                            d.DeliveredAt != null ? DeliveryStatus.Delivered : d.FailedAt != null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
                            d.Attempts, d.DeliveredAt, d.LastError)),
                })
            .Take(request.Limit + 1)
            .ToListAsync(cancellationToken);
        var next = page.Count > request.Limit ? KeysetToken.Encode(MatchCursorTag, KeysetToken.Of(page[request.Limit - 1].Id)) : null;
        return Ok(new ListResponse<AlertMatchResponse>(page.Take(request.Limit).Select(m => m.Match).ToList(), next));
    }

    private const string AlertCursorTag = "alert";
    private const string MatchCursorTag = "alert-match";

    private static readonly Expression<Func<Alert, AlertResponse>> ToResponse =
        a => new AlertResponse(a.Id, a.Name, a.Query, a.Active, a.CreatedAt, a.WebhookUrl, a.OwnerKeyId, null);

    private static readonly Func<Alert, AlertResponse> ResponseOf = ToResponse.Compile();

    /// <summary>Every action needs a key (the controller's policy), so a request without a key id is a bug here.</summary>
    private Guid CallerKeyId => User.KeyId()
        ?? throw new InvalidOperationException("An alerts request reached its action without an authenticated key.");

    /// <summary>The alerts the caller may see and change: its own; for an admin key, all (ownerless ones too).</summary>
    private IQueryable<Alert> VisibleAlerts()
    {
        if (User.HasScope(ApiScope.Admin))
        {
            return db.Alerts;
        }
        var owner = CallerKeyId;
        return db.Alerts.Where(a => a.OwnerKeyId == owner);
    }

    private ActionResult BadCursor()
    {
        ModelState.AddModelError(nameof(PageRequest.Cursor), "Not a cursor this API issued; start again without it.");
        return ValidationProblem(ModelState);
    }

    private ObjectResult NotFoundProblem() => Problem(statusCode: StatusCodes.Status404NotFound, title: "No alert has this id.");
}
