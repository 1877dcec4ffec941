using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Features.Entities;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Curation;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Features.Curation;

/// <summary>
/// Corrections to what extraction stored: aliases, merges, splits and types of entities; rejected events and quotes.
/// Every change is recorded (the curator: the name of the admin key used; the time, the state before and after) and
/// listed at /api/v1/entities/{id}/history.
/// </summary>
[ApiController]
[Route("api/v1")]
[Authorize(Policy = ApiKeyAuthentication.AdminPolicy)]
public sealed class CurationController(EntityCuration curation, ICurrentCurator curator, NpgsqlDataSource dataSource) : ControllerBase
{
    /// <summary>Adds a name to an entity, under which later articles find it.</summary>
    /// <response code="201">Added; the entity as it is now.</response>
    /// <response code="200">The entity already had this name; nothing changed.</response>
    /// <response code="400">The name is missing, too long or has no letters or digits.</response>
    /// <response code="404">No entity has this id.</response>
    /// <response code="409">Another entity has this name (merge the two instead), or this one was merged into another.</response>
    [HttpPost("entities/{id:guid}/aliases")]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> AddAlias(Guid id, AddAliasRequest request, CancellationToken cancellationToken)
    {
        if (EntityKeys.NormalizeName(request.Name!).Length == 0)
        {
            ModelState.AddModelError(nameof(request.Name), "Must contain a letter or a digit.");
            return ValidationProblem(ModelState);
        }
        var added = await curation.AddAliasAsync(id, request.Name!.Trim(), curator.Name, cancellationToken);
        var entity = await DetailAsync(id, cancellationToken);
        return added ? Created(EntityPath(id), entity) : Ok(entity);
    }

    /// <summary>Removes a name from an entity: later articles no longer find it by that name.</summary>
    /// <remarks>Removes every alias of the entity spelling the name (in any case, accents or punctuation).</remarks>
    /// <param name="id">The entity.</param>
    /// <param name="alias">The name, URL-encoded.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <response code="200">Removed; the entity as it is now.</response>
    /// <response code="404">No entity has this id, or it has no such name.</response>
    /// <response code="409">The name is the one an entity was created under (processing would restore it), or the entity was merged into another.</response>
    [HttpDelete("entities/{id:guid}/aliases/{alias}")]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> RemoveAlias(Guid id, string alias, CancellationToken cancellationToken)
    {
        await curation.RemoveAliasAsync(id, alias, curator.Name, cancellationToken);
        return Ok(await DetailAsync(id, cancellationToken));
    }

    /// <summary>Merges two entities that are one: mentions, events, quotes, aliases and coverage follow the survivor.</summary>
    /// <remarks>
    /// With into, this entity is merged into that one; with from, that one into this. The merged entity's id then
    /// answers 301 Moved Permanently to the survivor, and later articles naming it land on the survivor.
    /// </remarks>
    /// <response code="200">Merged; the survivor as it is now.</response>
    /// <response code="400">Neither or both of into and from were given.</response>
    /// <response code="404">One of the entities does not exist.</response>
    /// <response code="409">The two are the same entity, or one of them was already merged into another.</response>
    [HttpPost("entities/{id:guid}/merge")]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Merge(Guid id, MergeRequest request, CancellationToken cancellationToken)
    {
        if (request.Into.HasValue == request.From.HasValue)
        {
            ModelState.AddModelError(nameof(request.Into), "Give exactly one of 'into' (merge this entity into that one) and 'from' (merge that one into this).");
            return ValidationProblem(ModelState);
        }
        var (merged, survivor) = request.Into is { } into ? (id, into) : (request.From!.Value, id);
        await curation.MergeAsync(merged, survivor, curator.Name, cancellationToken);
        return Ok(await DetailAsync(survivor, cancellationToken));
    }

    /// <summary>Splits a wrongly merged name out of an entity into a new one.</summary>
    /// <remarks>
    /// The aliases spelling the name move to the new entity with the mentions written in it; where the old entity is
    /// then no longer mentioned in an article, that article's events and quotes about it move too.
    /// </remarks>
    /// <response code="201">Split; the new entity (its URL in Location).</response>
    /// <response code="400">The alias is missing or too long.</response>
    /// <response code="404">No entity has this id, or it has no such name.</response>
    /// <response code="409">The name is the one the entity was created under, or the entity was merged into another.</response>
    [HttpPost("entities/{id:guid}/split")]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Split(Guid id, SplitRequest request, CancellationToken cancellationToken)
    {
        var created = await curation.SplitAsync(id, request.Alias!, curator.Name, cancellationToken);
        return Created(EntityPath(created), await DetailAsync(created, cancellationToken));
    }

    /// <summary>Changes an entity's type.</summary>
    /// <remarks>Its names are also added under the new type, so later articles that type it correctly find it.</remarks>
    /// <response code="200">The entity as it is now.</response>
    /// <response code="400">The type is missing or unknown.</response>
    /// <response code="404">No entity has this id.</response>
    /// <response code="409">The entity was merged into another.</response>
    [HttpPatch("entities/{id:guid}")]
    [Consumes("application/json", "application/merge-patch+json")]
    [ProducesResponseType<EntityDetailResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Patch(Guid id, EntityPatchRequest request, CancellationToken cancellationToken)
    {
        await curation.ChangeTypeAsync(id, request.Type!.Value, curator.Name, cancellationToken);
        return Ok(await DetailAsync(id, cancellationToken));
    }

    /// <summary>Rejects an extracted event: kept, but hidden from lists, search and counts unless includeRejected=true.</summary>
    /// <response code="204">Rejected (or already was).</response>
    /// <response code="404">No event has this id.</response>
    [HttpPost("events/{id:guid}/reject")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> RejectEvent(Guid id, CancellationToken cancellationToken)
    {
        await curation.SetEventRejectedAsync(id, rejected: true, curator.Name, cancellationToken);
        return NoContent();
    }

    /// <summary>Restores a rejected event.</summary>
    /// <response code="204">Restored (or was not rejected).</response>
    /// <response code="404">No event has this id.</response>
    [HttpPost("events/{id:guid}/restore")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> RestoreEvent(Guid id, CancellationToken cancellationToken)
    {
        await curation.SetEventRejectedAsync(id, rejected: false, curator.Name, cancellationToken);
        return NoContent();
    }

    /// <summary>Rejects an extracted quote: kept, but hidden from lists and search unless includeRejected=true.</summary>
    /// <response code="204">Rejected (or already was).</response>
    /// <response code="404">No quote has this id.</response>
    [HttpPost("quotes/{id:guid}/reject")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> RejectQuote(Guid id, CancellationToken cancellationToken)
    {
        await curation.SetQuoteRejectedAsync(id, rejected: true, curator.Name, cancellationToken);
        return NoContent();
    }

    /// <summary>Restores a rejected quote.</summary>
    /// <response code="204">Restored (or was not rejected).</response>
    /// <response code="404">No quote has this id.</response>
    [HttpPost("quotes/{id:guid}/restore")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> RestoreQuote(Guid id, CancellationToken cancellationToken)
    {
        await curation.SetQuoteRejectedAsync(id, rejected: false, curator.Name, cancellationToken);
        return NoContent();
    }

    private async Task<EntityDetailResponse> DetailAsync(Guid id, CancellationToken cancellationToken) =>
        (await EntityDetails.LoadAsync(dataSource, id, cancellationToken))!.Detail;

    private static string EntityPath(Guid id) => $"/api/v1/entities/{id}";
}
