using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace NewsEvents.Api.Infrastructure;

/// <summary>The "Limits" configuration section: how much one caller may ask, how big and how long a request may be.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Requests one API key may make per <see cref="RateWindow"/>.</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerKey { get; set; } = 1200;

    /// <summary>Requests one IP address may make per <see cref="RateWindow"/> without a key.</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerAnonymousIp { get; set; } = 300;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Body size for endpoints that set none of their own (articles 2 MiB, extract 4 MiB, batch its own).</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long a request may run before it is cancelled and answered 504 (the batch import has no limit).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The "Cors" configuration section.</summary>
public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>Origins (https://dashboard.example.com) whose pages may call the API from a browser; none by default.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>
/// Rate limits per key (per IP address without one) answered 429 with Retry-After, a default body size limit, request
/// timeouts answered 504, and the CORS allowlist; each answer a problem document.
/// </summary>
internal static class Limits
{
    public static IServiceCollection AddNewsEventsLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations()
            .Validate(limits => limits.RateWindow > TimeSpan.Zero && limits.RequestTimeout > TimeSpan.Zero, "RateWindow and RequestTimeout must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = RejectAsync;
        });

        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = limits.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
            WriteTimeoutResponse = context => WriteProblemAsync(context, StatusCodes.Status504GatewayTimeout,
                $"The request took longer than {limits.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped."),
        });
        services.Configure<MvcOptions>(options => options.Filters.Add(new RequestSizeLimitAttribute(limits.MaxRequestBodyBytes)));

        var origins = configuration.GetSection(CorsOptions.Section).Get<CorsOptions>()?.AllowedOrigins ?? [];
        return services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyMethod()
            .WithHeaders(ApiKeyAuthentication.Header, "Authorization", "Content-Type", "If-None-Match")
            .WithExposedHeaders("Location", "ETag", "Retry-After")));
    }

    /// <summary>One window per key, or per IP address for callers without one; health probes are never limited.</summary>
    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }
        var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
        var key = context.User.FindFirstValue(ApiKeyAuthentication.KeyIdClaim);
        var (partition, permits) = key is not null
            ? ($"key:{key}", limits.PermitsPerKey)
            : ($"ip:{context.Connection.RemoteIpAddress ?? IPAddress.None}", limits.PermitsPerAnonymousIp);
        return RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limits.RateWindow,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await WriteProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
            $"Too many requests; try again in {seconds} s.");
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string title)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title },
        }).AsTask();
    }

    /// <summary>HSTS and the redirect to HTTPS, in Production only (Development and tests speak plain HTTP).</summary>
    public static WebApplication UseHttpsInProduction(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }
}
