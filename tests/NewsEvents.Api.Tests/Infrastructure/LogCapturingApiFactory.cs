using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The feeds API whose host also writes its log events, from Information up, to <see cref="Events"/>: a sink among
/// the services, which the host's Serilog logger reads as it reads its configured sinks.
/// </summary>
public sealed class LogCapturingApiFactory(PostgresServer server) : FeedsApiFactory(server)
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Information");
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(new QueueSink(Events)));
    }

    /// <summary>
    /// The events logged during the requests to <paramref name="path"/>, once its completion line (written by the
    /// request logging after the answer has gone) is among them.
    /// </summary>
    public async Task<List<LogEvent>> EventsOfRequestAsync(string path)
    {
        for (var tries = 0; !Events.Any(e => IsOf(e, path) && e.Properties.ContainsKey("Elapsed")) && tries < 100; tries++)
        {
            await Task.Delay(50);
        }
        return Events.Where(e => IsOf(e, path)).ToList();
    }

    private static bool IsOf(LogEvent logEvent, string path) =>
        logEvent.Properties.TryGetValue("RequestPath", out var value) && value is ScalarValue { Value: string requestPath } && requestPath == path;

    private sealed class QueueSink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}
