namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Standard response headers that keep browsers from sniffing, framing or leaking what this API answers. The API
/// serves data, never pages, so its content policy allows nothing; Swagger UI (its own scripts and styles) is the one
/// exception.
/// </summary>
internal static class SecurityHeaders
{
    private const string ApiContentPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string SwaggerContentPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-site";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger") ? SwaggerContentPolicy : ApiContentPolicy;
            return next(context);
        });
}
