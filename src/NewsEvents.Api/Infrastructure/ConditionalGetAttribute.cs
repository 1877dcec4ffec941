using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Gives a detail resource an ETag (a hash of its JSON) and answers 304 Not Modified when the client already has that
/// version (If-None-Match). Clients may keep the body but must revalidate before using it (Cache-Control: no-cache),
/// because processing can change an article or an entity at any time.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ConditionalGetAttribute : ResultFilterAttribute
{
    public override async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is ObjectResult { StatusCode: null or StatusCodes.Status200OK, Value: { } value })
        {
            var json = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
            var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json));
            var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(hash, 0, 16)}\"");
            var headers = context.HttpContext.Response.GetTypedHeaders();
            headers.ETag = etag;
            headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            if (context.HttpContext.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
            {
                context.Result = new StatusCodeResult(StatusCodes.Status304NotModified);
            }
        }
        await next();
    }
}
