using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Features.Entities;

/// <summary>
/// Answers a request for an entity that was merged into another with 301 Moved Permanently to the same resource of
/// the survivor (same sub-path and query), so links and bookmarks to the old id keep working.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class RedirectMergedEntityAttribute : ActionFilterAttribute
{
    public override async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (context.ActionArguments.TryGetValue("id", out var value) && value is Guid id)
        {
            var http = context.HttpContext;
            var survivor = await http.RequestServices.GetRequiredService<NewsEventsDbContext>().Entities.AsNoTracking()
                .Where(e => e.Id == id).Select(e => e.MergedIntoId).SingleOrDefaultAsync(http.RequestAborted);
            if (survivor is { } survivorId)
            {
                var segments = http.Request.Path.Value!.Split('/')
                    .Select(segment => Guid.TryParse(segment, out var guid) && guid == id ? survivorId.ToString() : segment);
                http.Response.Headers.Location = string.Join('/', segments) + http.Request.QueryString;
                context.Result = new StatusCodeResult(StatusCodes.Status301MovedPermanently);
                return;
            }
        }
        await next();
    }
}
