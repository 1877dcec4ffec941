using Microsoft.Extensions.Options;
using NewsEvents.Core;
using NewsEvents.Core.Keys;
using Serilog;

namespace NewsEvents.Api.Infrastructure;

/// <summary>The service as <c>Program</c> runs it, also for hosts that start it in-process (the CLI's import benchmark).</summary>
public static partial class NewsEventsApiHost
{
    /// <summary>Registers logging, the store with its queue workers, and the HTTP API, then builds the request pipeline.</summary>
    public static WebApplication BuildNewsEventsApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logger) => logger.ReadFrom.Configuration(builder.Configuration).ReadFrom.Services(services).Enrich.FromLogContext(),
            preserveStaticLogger: true);
        builder.Services.AddNewsEventsCore();
        builder.Services.AddNewsEventsApi(builder.Configuration);
        var app = builder.Build();
        app.UseNewsEventsApi();
        return app;
    }

    /// <summary>Stores the configured bootstrap key (and, in Development, the development key), and says how to use the latter.</summary>
    public static async Task EnsureConfiguredKeysAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        await using var scope = app.Services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyStore>();
        if (options.BootstrapAdminKey is { Length: > 0 } bootstrap)
        {
            await keys.EnsureAsync("bootstrap", ApiScope.Admin, bootstrap, CancellationToken.None);
        }
        if (app.Environment.IsDevelopment() && options.DevelopmentKey is { Length: > 0 } development)
        {
            await keys.EnsureAsync("development", ApiScope.Admin, development, CancellationToken.None);
            // The one key ever logged: a fixed, public value from appsettings.Development.json, valid only in Development.
            LogDevelopmentKey(app.Logger, ApiKeyAuthentication.Header, development);
        }
    }

    [LoggerMessage(LogLevel.Information, "Development API key (admin): send the header {Header}: {DevelopmentKey}, or use Authorize in Swagger UI")]
    private static partial void LogDevelopmentKey(Microsoft.Extensions.Logging.ILogger logger, string header, string developmentKey);
}
