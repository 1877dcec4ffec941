using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Features.Events;
using NewsEvents.Api.Features.Quotes;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Curation;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using Npgsql;

namespace NewsEvents.Api.Features.Entities;

/// <summary>The people, organisations, places and groups the news mentions: find them, and see their coverage.</summary>
/// <remarks>An entity a curator merged into another answers 301 Moved Permanently to the survivor, on every path; an unknown id, 404.</remarks>
[ApiController]
[Route("api/v1/entities")]
[ResolveEntityId]
public sealed class EntitiesController(NewsEventsDbContext db) : ControllerBase
{
    /// <summary>Finds entities by name, or lists them by coverage.</summary>
    /// <remarks>
    /// Matches every name an entity is known under: exactly, as a prefix of the name or of any word in it ("Putin"
    /// finds Vladimir Putin), or fuzzily ("putn", "Kim Jong Un"). Ranked by match quality, then by articles.
    /// </remarks>
    /// <response code="200">One page of entities.</response>
    /// <response code="400">A parameter is invalid.</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<EntityHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> List([FromQuery] EntityListRequest request, [FromServices] EntitySearch search, CancellationToken cancellationToken)
    {
        var page = await search.SearchAsync(
            new EntityQuery(ArticleListing.Clean(request.Q), request.Type, request.Country, request.Limit, request.Cursor),
            cancellationToken);
        if (page is null)
        {
            ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued for this query; start again without it.");
            return ValidationProblem(ModelState);
        }
        return Ok(new ListResponse<EntityHit>(page.Items, page.Next));
    }

    /// <summary>Gets an entity: names, titles, place data and coverage counts.</summary>
    /// <response code="200">The entity.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}")]
    [ResolvesOwnEntityId]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ConditionalGet]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, [FromServices] NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        await EntityDetails.LoadAsync(dataSource, id, cancellationToken) switch
        {
            null => NotFoundProblem(),
            { MergedInto: { } survivor } => ResolveEntityIdAttribute.MovedTo(HttpContext, id, survivor),
            var found => Ok(found.Detail),
        };

    /// <summary>Articles that mention the entity, newest first (or searched, with q).</summary>
    /// <response code="200">One page of articles.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="400">A parameter is invalid.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/articles")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<ListResponse<ArticleHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Articles(
        Guid id, [FromQuery] ArticleListRequest request, [FromServices] ArticleSearch search, CancellationToken cancellationToken) =>
        await ArticleListing.ListAsync(this, request, search, id, cancellationToken);

    /// <summary>Events in which the entity is actor, target or place, newest first.</summary>
    /// <response code="200">One page of events.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="400">A parameter is invalid.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/events")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<ListResponse<EventHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Events(
        Guid id, [FromQuery] EventListRequest request, [FromServices] EventSearch search, CancellationToken cancellationToken) =>
        await EventsController.ListAsync(this, search, request, id, cancellationToken);

    /// <summary>What the entity said, newest first; with about, only what it said about another entity.</summary>
    /// <response code="200">One page of quotes.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="400">A parameter is invalid.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/quotes")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<ListResponse<QuoteHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Quotes(
        Guid id, [FromQuery] QuoteListRequest request, [FromServices] QuoteSearch search, CancellationToken cancellationToken) =>
        await QuotesController.ListAsync(this, search, request, id, cancellationToken);

    /// <summary>Coverage of the entity over time: articles per bucket, their share of all articles, average tone.</summary>
    /// <response code="200">The buckets, zero-filled.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="400">A parameter is invalid, or the range has too many buckets.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/timeline")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<TimelineResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Timeline(
        Guid id, [FromQuery] TimelineRequest request, [FromServices] EntityAnalytics analytics, CancellationToken cancellationToken)
    {
        var seen = await db.Entities.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new { e.FirstSeen, e.LastSeen }).SingleOrDefaultAsync(cancellationToken);
        if (seen is null)
        {
            return NotFoundProblem();
        }
        var to = request.To ?? (seen.LastSeen is { } last ? DateOnly.FromDateTime(last.UtcDateTime) : DateOnly.FromDateTime(DateTime.UtcNow));
        var from = request.From ?? (seen.FirstSeen is { } first ? DateOnly.FromDateTime(first.UtcDateTime) : to);
        var days = to.DayNumber - from.DayNumber;
        var buckets = request.Interval switch { TimelineInterval.Week => days / 7, TimelineInterval.Month => days / 28, _ => days };
        if (days < 0)
        {
            ModelState.AddModelError(nameof(request.To), "Must not be before 'from'.");
        }
        else if (buckets > EntityAnalytics.MaxBuckets)
        {
            ModelState.AddModelError(nameof(request.From), $"The range spans more than {EntityAnalytics.MaxBuckets} buckets; narrow it or use a longer interval.");
        }
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }
        return Ok(new TimelineResponse(id, request.Interval, await analytics.TimelineAsync(id, request.Interval, from, to, cancellationToken)));
    }

    /// <summary>Entities that appear in the same articles, ranked by how much more often than chance (normalised PMI).</summary>
    /// <param name="limit">How many, 1 to 100.</param>
    /// <param name="minArticles">Ignore pairs sharing fewer articles than this (PMI overrates rare pairs).</param>
    /// <response code="200">The related entities with the figures behind their score.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/related")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<RelatedResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Related(
        Guid id, [FromServices] EntityAnalytics analytics, CancellationToken cancellationToken,
        [FromQuery, Range(1, 100)] int limit = 20, [FromQuery, Range(1, 1_000_000)] int minArticles = 1) =>
        Ok(new RelatedResponse(id, await analytics.RelatedAsync(id, limit, minArticles, cancellationToken)));

    /// <summary>The entity's co-occurrence network, ready for a graph widget.</summary>
    /// <param name="depth">1: the entity and its related entities; 2: theirs as well.</param>
    /// <param name="limit">Most nodes, 2 to 200.</param>
    /// <response code="200">Nodes (with their depth from the entity) and edges weighted by shared articles.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/network")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<NetworkResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Network(
        Guid id, [FromServices] EntityAnalytics analytics, CancellationToken cancellationToken,
        [FromQuery, Range(1, 2)] int depth = 1, [FromQuery, Range(2, 200)] int limit = 30)
    {
        var entity = await db.Entities.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new { e.CanonicalName, e.Type, e.ArticleCount }).SingleOrDefaultAsync(cancellationToken);
        if (entity is null)
        {
            return NotFoundProblem();
        }
        var (nodes, edges) = await analytics.NetworkAsync(id, entity.CanonicalName, entity.Type, entity.ArticleCount, depth, limit, cancellationToken);
        return Ok(new NetworkResponse(nodes, edges));
    }

    /// <summary>What curators changed about the entity (and the entities merged into it, and its events and quotes), newest first.</summary>
    /// <response code="200">One page of changes: who, when, what, and the state before and after.</response>
    /// <response code="301">The entity was merged into another: the same resource of the survivor.</response>
    /// <response code="400">A parameter is invalid.</response>
    /// <response code="404">No entity has this id.</response>
    [HttpGet("{id:guid}/history")]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType<ListResponse<CurationChangeHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> History(
        Guid id, [FromQuery] PageRequest request, [FromServices] CurationHistory history, CancellationToken cancellationToken)
    {
        var page = await history.ListAsync(id, request.Limit, request.Cursor, cancellationToken);
        if (page is null)
        {
            ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued; start again without it.");
            return ValidationProblem(ModelState);
        }
        return Ok(new ListResponse<CurationChangeHit>(page.Items, page.Next));
    }

    internal const string NotFoundTitle = "No entity has this id.";

    /// <summary>An unknown id, or one deleted between <see cref="ResolveEntityIdAttribute"/>'s lookup and the action's own read.</summary>
    private ObjectResult NotFoundProblem() => Problem(statusCode: StatusCodes.Status404NotFound, title: NotFoundTitle);
}
