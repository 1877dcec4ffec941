using System.Globalization;
using NewsEvents.Api.Infrastructure;
using Serilog;

// A plain logger for start-up failures; each host builds its own from configuration (NewsEventsApiHost).
Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: CultureInfo.InvariantCulture).CreateLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    await using var localPostgres = await builder.UseLocalPostgresWhenUnconfiguredAsync();
    var app = builder.BuildNewsEventsApi();
    await app.InitializeDatabaseAsync();
    await app.EnsureConfiguredKeysAsync();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    Log.Fatal(exception, "NewsEvents failed to start");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
