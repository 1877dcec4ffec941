using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Events;

namespace NewsEvents.Api.Features.Events;

/// <summary>What the news reports happened: who did what to whom, where and when, with the evidence.</summary>
[ApiController]
[Route("api/v1")]
public sealed class EventsController(EventSearch search) : ControllerBase
{
    /// <summary>Lists events, newest first.</summary>
    /// <remarks>
    /// Reports of the same event (same CAMEO root, actor, target and day) in several articles are linked: each event
    /// shows how many distinct sources carry it, and minSources keeps only corroborated ones.
    /// </remarks>
    /// <response code="200">One page of events.</response>
    /// <response code="400">A parameter is invalid.</response>
    [HttpGet("events")]
    [ProducesResponseType<ListResponse<EventHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public Task<IActionResult> List([FromQuery] EventListRequest request, CancellationToken cancellationToken) =>
        ListAsync(this, search, request, entity: null, cancellationToken);

    /// <summary>Gets an event with its evidence: the article, the sentence highlighted, and the other reports of it.</summary>
    /// <response code="200">The event.</response>
    /// <response code="404">No event has this id.</response>
    [HttpGet("events/{id:guid}")]
    [ConditionalGet]
    [ProducesResponseType<EventDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, [FromServices] NewsEventsDbContext db, CancellationToken cancellationToken)
    {
        var found = (await search.SearchAsync(new EventQuery(Id: id, IncludeRejected: true, Limit: 1), cancellationToken))!.Items;
        if (found.Count == 0)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "No event has this id.");
        }
        var item = found[0];
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == item.ArticleId)
            .Select(a => new { a.Url, a.PublishedOrIngestedAt }).SingleAsync(cancellationToken);
        var marks = await db.Mentions.AsNoTracking()
            .Where(m => m.ArticleId == item.ArticleId && m.Field == item.Field && m.Start >= item.Start && m.End <= item.End)
            .Select(m => new { m.Start, m.End }).ToListAsync(cancellationToken);
        var spans = marks.Select(m => (m.Start - item.Start, m.End - item.Start)).ToList();
        var cue = item.Sentence.IndexOf(item.Cue, StringComparison.OrdinalIgnoreCase);
        if (cue >= 0)
        {
            spans.Add((cue, cue + item.Cue.Length));
        }
        var reports = item.Actor is null ? [] : await db.Events.AsNoTracking()
            .Where(e => e.Id != id && e.ActorEntityId == item.Actor.Id && e.TargetEntityId == (item.Target == null ? null : item.Target.Id)
                && e.EventDay == item.Day && e.TypeCode.StartsWith(item.Type.Code.Substring(0, 2)) && e.RejectedAt == null)
            .Join(db.Articles, e => e.ArticleId, a => a.Id, (e, a) => new EventReport(e.Id, a.Id, a.Title, a.Source != null ? a.Source.Name : null))
            .Take(100)
            .ToListAsync(cancellationToken);
        return Ok(new EventDetailResponse(
            item,
            new EventEvidence(item.ArticleId, item.ArticleTitle, article.Url, item.Source, article.PublishedOrIngestedAt, Highlight(item.Sentence, spans)),
            reports));
    }

    /// <summary>The event taxonomy, aligned with CAMEO: root codes and the sub-types detected.</summary>
    /// <response code="200">Every type, in code order.</response>
    [HttpGet("event-types")]
    [ResponseCache(Duration = 3600, Location = ResponseCacheLocation.Any)]
    [ProducesResponseType<IReadOnlyList<EventTypeResponse>>(StatusCodes.Status200OK, "application/json")]
    public IReadOnlyList<EventTypeResponse> Types() =>
        EventTaxonomy.All.OrderBy(t => t.Code, StringComparer.Ordinal)
            .Select(t => new EventTypeResponse(t.Code, t.Name, EventTaxonomy.RootOf(t).Code)).ToList();

    /// <summary>Runs an event list request (for all events, or those of one entity).</summary>
    internal static async Task<IActionResult> ListAsync(
        ControllerBase controller, EventSearch search, EventListRequest request, Guid? entity, CancellationToken cancellationToken)
    {
        if (request.From is { } from && request.To is { } to && from > to)
        {
            controller.ModelState.AddModelError(nameof(request.To), "Must not be before 'from'.");
            return controller.ValidationProblem(controller.ModelState);
        }
        var page = await search.SearchAsync(
            new EventQuery(request.Type, request.Actor, request.Target, entity ?? request.Entity, request.Location, request.Modality,
                request.From, request.To, ArticleListing.Clean(request.Q), request.MinSources, request.IncludeRejected,
                request.Limit, request.Cursor),
            cancellationToken);
        if (page is null)
        {
            controller.ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued; start again without it.");
            return controller.ValidationProblem(controller.ModelState);
        }
        return controller.Ok(new ListResponse<EventHit>(page.Items, page.Next));
    }

    /// <summary>The text HTML-escaped, with the given spans (offsets into it, possibly overlapping) in &lt;mark&gt;.</summary>
    private static string Highlight(string text, List<(int Start, int End)> spans)
    {
        var marked = new bool[text.Length];
        foreach (var (start, end) in spans)
        {
            for (var i = Math.Max(start, 0); i < Math.Min(end, text.Length); i++)
            {
                marked[i] = true;
            }
        }
        var html = new StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var j = i;
            while (j < text.Length && marked[j] == marked[i])
            {
                j++;
            }
            var run = WebUtility.HtmlEncode(text[i..j]);
            html.Append(marked[i] ? $"<mark>{run}</mark>" : run);
            i = j;
        }
        return html.ToString();
    }
}
