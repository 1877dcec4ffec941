using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Degraded while a configured article index is still being opened or built (searches run in SQL meanwhile, so the
/// service stays ready); else healthy, with the index's watermark and lag as data.
/// </summary>
internal sealed class SearchIndexHealthCheck(ArticleIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!index.IsConfigured ? HealthCheckResult.Healthy("No article index: searches run in SQL.")
            : !index.IsReady ? HealthCheckResult.Degraded("The article index is being opened or built: searches run in SQL meanwhile.")
            : HealthCheckResult.Healthy("The article index is open.", new Dictionary<string, object>
            {
                ["watermark"] = index.Watermark,
                ["lagSeconds"] = index.Lag.TotalSeconds,
            }));
}
