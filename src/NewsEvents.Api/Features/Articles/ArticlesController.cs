using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Extraction;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Api.Features.Articles;

/// <summary>Ingest articles, follow their processing, and search them.</summary>
[ApiController]
[Route("api/v1/articles")]
// No [Produces("application/json")]: it would overwrite the application/problem+json of error answers
// (dotnet/aspnetcore#39802). Success answers name their content type on ProducesResponseType instead.
public sealed class ArticlesController(NewsEventsDbContext db) : ControllerBase
{
    /// <summary>Ingests an article.</summary>
    /// <remarks>
    /// The article and its place in the processing queue are stored in one transaction before the answer is sent:
    /// once acknowledged, it is processed even if the service or the database restarts. An exact duplicate (same
    /// canonical URL, or same title and text) is not stored again; the existing article comes back with
    /// <c>"duplicate": true</c>.
    /// </remarks>
    /// <response code="202">Stored and queued for processing; Location points to the article.</response>
    /// <response code="200">A duplicate: the existing article, with <c>"duplicate": true</c>.</response>
    /// <response code="400">The request is malformed or fails validation.</response>
    /// <response code="413">The body is larger than 2 MiB.</response>
    [HttpPost]
    [Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
    [Consumes("application/json")]
    [RequestSizeLimit(MaxRequestBytes)]
    [ProducesResponseType<ArticleResponse>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ArticleResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public async Task<IActionResult> Create(
        CreateArticleRequest request, [FromServices] ArticleIngestor ingestor, CancellationToken cancellationToken)
    {
        // Read back inside the transaction: no worker can claim the job before commit, so the answer shows the
        // article as this request stored it (queued), not as processing has since changed it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await ingestor.IngestAsync(request.ToNewArticle(), cancellationToken);
        var article = await FindAsync(result.ArticleId, cancellationToken) with { Duplicate = result.Duplicate };
        await transaction.CommitAsync(cancellationToken);
        return result.Duplicate
            ? Ok(article)
            : AcceptedAtAction(nameof(Get), new { id = result.ArticleId }, article);
    }

    /// <summary>Gets an article and its processing status.</summary>
    /// <response code="200">The article.</response>
    /// <response code="404">No article has this id.</response>
    [HttpGet("{id:guid}")]
    [ConditionalGet]
    [ProducesResponseType<ArticleResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Get(Guid id, CancellationToken cancellationToken) =>
        await db.Articles.AnyAsync(a => a.Id == id, cancellationToken)
            ? Ok(await FindAsync(id, cancellationToken))
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "No article has this id.");

    /// <summary>Searches articles, or lists them newest first.</summary>
    /// <remarks>
    /// With <c>q</c>, hits are ranked by relevance (BM25 through the article index when the service has one, else
    /// ts_rank_cd; title matches weigh more than body matches; newer first among equals) and carry a snippet with the
    /// matches in &lt;mark&gt;. Pages follow each other through <c>nextCursor</c> without gaps or repeats (on the index,
    /// the next page continues after the previous page's last article as it scores now).
    /// </remarks>
    /// <response code="200">One page of hits.</response>
    /// <response code="400">A parameter is out of range, or the cursor is not one this API issued for this sort.</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<ArticleHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public Task<IActionResult> List(
        [FromQuery] ArticleListRequest request, [FromServices] ArticleSearch search, CancellationToken cancellationToken) =>
        ArticleListing.ListAsync(this, request, search, entity: null, cancellationToken);

    /// <summary>Lists the near-duplicates of an article: its original and the other copies, or its copies.</summary>
    /// <remarks>
    /// Processing links an article whose text shares at least 80% of its word 4-grams with another's (MinHash
    /// estimate) to the earliest published of them, the original. Copies are left out of search hits unless
    /// <c>includeDuplicates=true</c>. Earliest first.
    /// </remarks>
    /// <response code="200">One page of the article's group, without the article itself.</response>
    /// <response code="400">A parameter is out of range, or the cursor is not one this API issued.</response>
    /// <response code="404">No article has this id.</response>
    [HttpGet("{id:guid}/duplicates")]
    [ProducesResponseType<ListResponse<DuplicateResponse>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Duplicates(Guid id, [FromQuery] PageRequest request, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.DuplicateOf, a.MinHash }).SingleOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return Problem(statusCode: StatusCodes.Status404NotFound, title: "No article has this id.");
        }
        var after = request.Cursor is null ? null : KeysetToken.TryDecode(request.Cursor, 2);
        DateTimeOffset afterAt = default;
        Guid afterId = default;
        if (request.Cursor is not null && (after is null || !KeysetToken.TryParse(after[0], out afterAt) || !KeysetToken.TryParse(after[1], out afterId)))
        {
            ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued; start again without it.");
            return ValidationProblem(ModelState);
        }

        var original = article.DuplicateOf ?? id;
        var group = db.Articles.AsNoTracking().Where(a => (a.Id == original || a.DuplicateOf == original) && a.Id != id);
        if (after is not null)
        {
            group = group.Where(a => a.PublishedOrIngestedAt > afterAt || (a.PublishedOrIngestedAt == afterAt && a.Id.CompareTo(afterId) > 0));
        }
        var rows = await group.OrderBy(a => a.PublishedOrIngestedAt).ThenBy(a => a.Id).Take(request.Limit + 1)
            .Select(a => new { a.Id, a.Title, a.Url, Source = a.Source != null ? a.Source.Name : null, a.PublishedAt, a.PublishedOrIngestedAt, a.MinHash })
            .ToListAsync(cancellationToken);
        var items = rows.Take(request.Limit).Select(a => new DuplicateResponse(
            a.Id, a.Title, a.Url, a.Source, a.PublishedAt, a.Id == original,
            article.MinHash is not null && a.MinHash is not null ? MinHash.Similarity(article.MinHash, a.MinHash) : null)).ToList();
        var next = rows.Count > request.Limit ? KeysetToken.Encode(KeysetToken.Of(rows[request.Limit - 1].PublishedOrIngestedAt), KeysetToken.Of(rows[request.Limit - 1].Id)) : null;
        return Ok(new ListResponse<DuplicateResponse>(items, next));
    }

    private const int MaxRequestBytes = 2 * 1024 * 1024;

    private async Task<ArticleResponse> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new ArticleResponse(
                a.Id, a.Title, a.Body, a.Url, a.CanonicalUrl, a.Source != null ? a.Source.Name : null, a.Language, a.Author,
                a.PublishedAt, a.IngestedAt, a.ProcessedAt, a.Status, a.Error, a.ExtractorVersion, null)
            {
                Tone = a.Tone,
                KeyPhrases = a.KeyPhrases ?? Array.Empty<string>(),
                DuplicateOf = a.DuplicateOf,
            })
            .SingleAsync(cancellationToken);
        var extraction = await StoredExtraction.LoadAsync(db, id, cancellationToken);
        return article with { Entities = extraction.Entities, Quotes = extraction.Quotes, Events = extraction.Events };
    }
}
