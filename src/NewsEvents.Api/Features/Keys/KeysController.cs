using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Keys;

namespace NewsEvents.Api.Features.Keys;

/// <summary>API keys: create (the secret is shown once), list (without secrets), revoke. Needs an admin key.</summary>
[ApiController]
[Route("api/v1/keys")]
[Authorize(Policy = ApiKeyAuthentication.AdminPolicy)]
public sealed class KeysController(ApiKeyStore keys) : ControllerBase
{
    /// <summary>Creates a key and answers its secret, this once.</summary>
    /// <response code="201">Created; the secret is in the answer and nowhere else.</response>
    /// <response code="400">No name, or no valid scope.</response>
    /// <response code="409">A key that is not revoked has this name.</response>
    [HttpPost]
    [Consumes("application/json")]
    [ProducesResponseType<CreatedKeyResponse>(StatusCodes.Status201Created, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public async Task<IActionResult> Create(CreateKeyRequest request, CancellationToken cancellationToken)
    {
        var (key, secret) = await keys.CreateAsync(request.Name.Trim(), request.Scopes, cancellationToken);
        return Created($"/api/v1/keys/{key.Id}", new CreatedKeyResponse(KeyResponse.From(key), secret));
    }

    /// <summary>Lists every key, revoked ones too, oldest first; never a secret.</summary>
    /// <response code="200">All keys (one page: nextCursor is null).</response>
    [HttpGet]
    [ProducesResponseType<ListResponse<KeyResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ListResponse<KeyResponse>> List(CancellationToken cancellationToken) =>
        new((await keys.ListAsync(cancellationToken)).ConvertAll(KeyResponse.From), null);

    /// <summary>Revokes a key: the next request with it is refused (401). Revoking it again changes nothing.</summary>
    /// <param name="id">The key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <response code="200">Revoked; the key as it is now.</response>
    /// <response code="404">No key has this id.</response>
    [HttpDelete("{id:guid}")]
    [ProducesResponseType<KeyResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IActionResult> Revoke(Guid id, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) is { } key
            ? Ok(KeyResponse.From(key))
            : Problem(statusCode: StatusCodes.Status404NotFound, title: "No key has this id.");
}
