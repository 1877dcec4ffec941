using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Ingestion;

namespace NewsEvents.Core.Reprocessing;

/// <summary>
/// Carries reprocess jobs forward: queues their articles chunk by chunk, then marks them completed once the ingestion
/// workers have processed every one. Runs wherever the ingestion workers run; all its state is in the database.
/// </summary>
public sealed partial class ReprocessService(
    ReprocessJobs jobs,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<ReprocessService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await jobs.QueueNextChunkAsync(stoppingToken))
                {
                    continue;
                }
                await jobs.CompleteFinishedAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogJobsUnavailable(exception);
            }
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Reprocess jobs could not be advanced; trying again later")]
    private partial void LogJobsUnavailable(Exception exception);
}
