using NewsEvents.Core;
using Serilog;

namespace NewsEvents.Api.Infrastructure;

/// <summary>The service as <c>Program</c> runs it, also for hosts that start it in-process (the CLI's import benchmark).</summary>
public static class NewsEventsApiHost
{
    /// <summary>Registers logging, the store with its queue workers, and the HTTP API, then builds the request pipeline.</summary>
    public static WebApplication BuildNewsEventsApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext(),
            preserveStaticLogger: true);
        builder.Services.AddNewsEventsCore();
        builder.Services.AddNewsEventsApi();
        var app = builder.Build();
        app.UseNewsEventsApi();
        return app;
    }
}
