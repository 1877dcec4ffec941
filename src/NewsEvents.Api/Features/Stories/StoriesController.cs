using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Stories;

/// <summary>
/// Stories: the articles about one happening, across sources. Each processed article joins the most similar recent
/// story (shared entities, weighted by rarity, and shared key terms) or starts a new one; a near-duplicate joins its
/// original's story.
/// </summary>
[ApiController]
[Route("api/v1/stories")]
public sealed class StoriesController(StorySearch search) : ControllerBase
{
    /// <summary>Lists stories, most recently active first.</summary>
    /// <response code="200">One page of stories.</response>
    /// <response code="400">A parameter is invalid.</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<StoryHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> List([FromQuery] StoryListRequest request, CancellationToken cancellationToken)
    {
        if (request.From is { } from && request.To is { } to && from >= to)
        {
            ModelState.AddModelError(nameof(request.To), "Must be later than 'from'.");
            return ValidationProblem(ModelState);
        }
        var page = await search.SearchAsync(
            new StoryQuery(ArticleListing.Clean(request.Q), request.Entity, request.From, request.To, request.MinArticles,
                request.Limit, request.Cursor),
            cancellationToken);
        if (page is null)
        {
            ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued; start again without it.");
            return ValidationProblem(ModelState);
        }
        return Ok(new ListResponse<StoryHit>(page.Items, page.Next));
    }

    /// <summary>Gets a story: its articles, sources, shared entities, time span and top events.</summary>
    /// <remarks>
    /// Articles come in publication order, the first 100 (articleCount gives them all); entities with the number of
    /// member articles mentioning them, most shared first; events grouped by type, actor and target, most reported first.
    /// </remarks>
    /// <response code="200">The story.</response>
    /// <response code="404">No story has this id.</response>
    [HttpGet("{id:guid}")]
    [ConditionalGet]
    [ProducesResponseType<StoryDetail>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        await search.GetAsync(id, cancellationToken) is { } story
            ? Ok(story)
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "No story has this id.");
}
