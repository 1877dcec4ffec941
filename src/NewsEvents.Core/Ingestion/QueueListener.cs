using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Data;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Holds a LISTEN connection on the ingestion channel (a trigger notifies it on every insert into the queue, from any
/// process) and turns notifications into <see cref="WorkSignal"/> wake-ups. Reconnects after database restarts.
/// </summary>
public sealed partial class QueueListener(
    StoreConnections connections,
    WorkSignal signal,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<QueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (options.Value.Enabled && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(exception);
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await connections.ListenAsync(NewsEventsDbContext.IngestionChannel, (_, _) => signal.Notify(), stoppingToken);
        // Work may have been queued while nobody was listening.
        signal.Notify();
        while (!stoppingToken.IsCancellationRequested)
        {
            await connection.WaitAsync(stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Lost the queue notification connection; reconnecting (workers keep polling meanwhile)")]
    private partial void LogListenFailed(Exception exception);
}
