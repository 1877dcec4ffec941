using NewsEvents.Core.Alerts;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Search;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// OpenTelemetry metrics and traces: ASP.NET Core's, Npgsql's and our own (ingestion, feeds, alerts, search index), scraped by Prometheus at
/// <see cref="MetricsPath"/>, and sent over OTLP as well when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured.
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddNewsEventsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("NewsEvents.Api"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(IngestionMetrics.MeterName, FeedMetrics.MeterName, AlertMetrics.MeterName, SearchIndexer.MeterName)
                .AddInstrumentation(provider => provider.GetRequiredService<IngestionQueueDepth>()) // creates the queue depth gauge
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        return services;
    }
}
