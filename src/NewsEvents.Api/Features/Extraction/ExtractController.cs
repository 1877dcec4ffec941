using Microsoft.AspNetCore.Mvc;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Api.Features.Extraction;

/// <summary>Preview what the extractor reads from a text.</summary>
[ApiController]
[Route("api/v1/extract")]
public sealed class ExtractController : ControllerBase
{
    /// <summary>Extracts entities, quotes and events from posted text, storing nothing.</summary>
    /// <remarks>Offsets are UTF-16 code units into the posted title or text, end exclusive.</remarks>
    /// <response code="200">What was read.</response>
    /// <response code="400">The request is malformed or fails validation.</response>
    [HttpPost]
    [Consumes("application/json")]
    [RequestSizeLimit(4 * 1024 * 1024)]
    [ProducesResponseType<ExtractionResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public ActionResult<ExtractionResponse> Extract(ExtractRequest request) =>
        // Offsets must stay valid for the posted text, and nothing unencodable may reach the JSON answer.
        ExtractionResponse.From(ArticleExtractor.Default.Extract(
            request.Title is null ? null : PlainText.SanitizeKeepingOffsets(request.Title),
            PlainText.SanitizeKeepingOffsets(request.Text),
            request.PublishedAt));
}
