using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Features.Entities;

/// <summary>
/// Resolves the entity id of the route before the action runs: an unknown id is a 404 problem; an entity that was merged
/// into another answers 301 Moved Permanently to the same resource of the survivor (same sub-path and query), so links
/// and bookmarks to the old id keep working. One lookup by key serves both, so the actions need not check again.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ResolveEntityIdAttribute : ActionFilterAttribute
{
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (context.ActionArguments.TryGetValue("id", out var value) && value is Guid id
            && !context.ActionDescriptor.EndpointMetadata.OfType<ResolvesOwnEntityIdAttribute>().Any())
        {
            var http = context.HttpContext;
            var entity = await http.RequestServices.GetRequiredService<NewsEventsDbContext>().Entities.AsNoTracking()
                .Where(e => e.Id == id).Select(e => new { e.MergedIntoId }).SingleOrDefaultAsync(http.RequestAborted);
            if (entity is null)
            {
                context.Result = ((ControllerBase)context.Controller).Problem(
                    statusCode: StatusCodes.Status404NotFound, title: EntitiesController.NotFoundTitle);
                return;
            }
            if (entity.MergedIntoId is { } survivorId)
            {
                context.Result = MovedTo(http, id, survivorId);
                return;
            }
        }
        await next();
    }

    /// <summary>301 to the same resource of the survivor: the same path with the old id replaced, and the same query.</summary>
    public static StatusCodeResult MovedTo(HttpContext http, Guid id, Guid survivorId)
    {
        var segments = http.Request.Path.Value!.Split('/')
            .Select(segment => Guid.TryParse(segment, out var guid) && guid == id ? survivorId.ToString() : segment);
        http.Response.Headers.Location = string.Join('/', segments) + http.Request.QueryString;
        return new StatusCodeResult(StatusCodes.Status301MovedPermanently);
    }
}

/// <summary>
/// On an action whose own read tells an unknown or merged entity apart (with <see cref="ResolveEntityIdAttribute.MovedTo"/>),
/// so the separate lookup is skipped: the entity detail, the resource read most, in one round trip instead of two.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ResolvesOwnEntityIdAttribute : Attribute;
