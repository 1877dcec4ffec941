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
/// because processing can change an article or an entity at any time. The JSON hashed is the body sent: it is
/// serialized once, here, not again by the output formatter.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ConditionalGetAttribute : ResultFilterAttribute
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public override async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is ObjectResult { StatusCode: null or StatusCodes.Status200OK, Value: { } value })
        {
            var json = context.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
            var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json);
            var hash = SHA256.HashData(body);
            var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(hash, 0, 16)}\"");
            var headers = context.HttpContext.Response.GetTypedHeaders();
            headers.ETag = etag;
            headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            var notModified = context.HttpContext.Request.GetTypedHeaders().IfNoneMatch
                .Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any));
            context.Result = notModified
                ? new StatusCodeResult(StatusCodes.Status304NotModified)
                : new FileContentResult(body, JsonContentType);
        }
        await next();
    }
}
