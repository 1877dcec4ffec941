using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Quotes;

/// <summary>Quote list parameters.</summary>
public sealed class QuoteListRequest
{
    /// <summary>Entity id of the speaker.</summary>
    public Guid? Speaker { get; init; }

    /// <summary>Entity id mentioned in the quoted words: "what did Sullivan say about North Korea".</summary>
    public Guid? About { get; init; }

    /// <summary>Web-search syntax over the quoted words.</summary>
    /// <example>"pay the price"</example>
    [StringLength(1000)]
    public string? Q { get; init; }

    /// <summary>Articles published (else ingested) at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Articles published (else ingested) before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Include quotes a curator rejected.</summary>
    public bool IncludeRejected { get; init; }

    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(KeysetToken.MaxLength)]
    public string? Cursor { get; init; }
}

/// <summary>Who said what, newest first.</summary>
[ApiController]
[Route("api/v1/quotes")]
public sealed class QuotesController(QuoteSearch search) : ControllerBase
{
    /// <summary>Lists quotes by speaker, by what they mention, or by words.</summary>
    /// <response code="200">One page of quotes.</response>
    /// <response code="400">A parameter is invalid.</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<QuoteHit>>(StatusCodes.Status200OK, "application/json", "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public Task<IActionResult> List([FromQuery] QuoteListRequest request, CancellationToken cancellationToken) =>
        ListAsync(this, search, request, speaker: null, cancellationToken);

    /// <summary>Runs a quote list request (for all quotes, or those of one speaker).</summary>
    internal static async Task<IActionResult> ListAsync(
        ControllerBase controller, QuoteSearch search, QuoteListRequest request, Guid? speaker, CancellationToken cancellationToken)
    {
        if (request.From is { } from && request.To is { } to && from >= to)
        {
            controller.ModelState.AddModelError(nameof(request.To), "Must be later than 'from'.");
            return controller.ValidationProblem(controller.ModelState);
        }
        var page = await search.SearchAsync(
            new QuoteQuery(speaker ?? request.Speaker, request.About, ArticleListing.Clean(request.Q), request.From, request.To,
                request.IncludeRejected, request.Limit, request.Cursor),
            cancellationToken);
        if (page is null)
        {
            controller.ModelState.AddModelError(nameof(request.Cursor), "Not a cursor this API issued; start again without it.");
            return controller.ValidationProblem(controller.ModelState);
        }
        return controller.Ok(new ListResponse<QuoteHit>(page.Items, page.Next));
    }
}
