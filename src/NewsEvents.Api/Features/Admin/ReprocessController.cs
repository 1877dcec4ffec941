using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Reprocessing;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Admin;

/// <summary>
/// Re-running extraction over stored articles (after an extractor upgrade, say), as background jobs whose progress
/// can be followed. Needs an admin key.
/// </summary>
[ApiController]
[Route("api/v1/admin")]
[Authorize(Policy = ApiKeyAuthentication.AdminPolicy)]
public sealed class ReprocessController(ReprocessJobs jobs) : ControllerBase
{
    private const string CursorTag = "reprocess-job";

    /// <summary>Starts a job that re-runs extraction over the processed articles the filter matches.</summary>
    /// <remarks>
    /// The articles go back on the processing queue in the background, in chunks (one already queued is not queued
    /// twice); each is processed again by the ordinary workers, which replace its entities, quotes and events with the
    /// new results. Until then it keeps its old results. The job survives a restart of the service. An empty filter
    /// re-runs every processed article.
    /// </remarks>
    /// <response code="202">Accepted; Location points to the job, which shows its progress.</response>
    /// <response code="400">The filter fails validation (unknown field, 'from' not before 'to', a date out of range) or names no known source.</response>
    [HttpPost("reprocess")]
    [Consumes("application/json")]
    [ProducesResponseType<ReprocessJobResponse>(StatusCodes.Status202Accepted, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Reprocess(ReprocessRequest request, CancellationToken cancellationToken)
    {
        if (await jobs.CreateAsync(request.ToFilter(), cancellationToken) is not { } job)
        {
            ModelState.AddModelError(nameof(request.Source), "No source has this name.");
            return ValidationProblem(ModelState);
        }
        return AcceptedAtAction(nameof(GetJob), new { id = job.Id }, ReprocessJobResponse.From(job));
    }

    /// <summary>Gets a reprocess job with its progress.</summary>
    /// <param name="id">The job.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <response code="200">The job.</response>
    /// <response code="404">No job has this id.</response>
    [HttpGet("jobs/{id:guid}")]
    [ProducesResponseType<ReprocessJobResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> GetJob(Guid id, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) is { } job
            ? Ok(ReprocessJobResponse.From(job))
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "No job has this id.");

    /// <summary>Lists reprocess jobs, newest first, with their progress.</summary>
    /// <response code="200">One page of jobs.</response>
    /// <response code="400">A parameter is invalid, or the cursor is not one this API issued.</response>
    [HttpGet("jobs")]
    [ProducesResponseType<ListResponse<ReprocessJobResponse>>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> ListJobs([FromQuery] PageRequest request, CancellationToken cancellationToken)
    {
        Guid? before = null;
        if (request.Cursor is not null)
        {
            if (KeysetToken.TryDecode(request.Cursor, 2) is not [CursorTag, var last] || !KeysetToken.TryParse(last, out Guid lastId))
            {
                ModelState.AddModelError(nameof(PageRequest.Cursor), "Not a cursor this API issued; start again without it.");
                return ValidationProblem(ModelState);
            }
            before = lastId;
        }
        var page = await jobs.ListAsync(request.Limit + 1, before, cancellationToken);
        var next = page.Count > request.Limit ? KeysetToken.Encode(CursorTag, KeysetToken.Of(page[request.Limit - 1].Id)) : null;
        return Ok(new ListResponse<ReprocessJobResponse>(page.Take(request.Limit).Select(ReprocessJobResponse.From).ToList(), next));
    }
}
