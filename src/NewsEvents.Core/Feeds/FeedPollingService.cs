using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsEvents.Core.Feeds;

/// <summary>
/// Runs <see cref="FeedOptions.Pollers"/> loops that poll due feeds one at a time; a loop that finds none due sleeps
/// for <see cref="FeedOptions.CheckInterval"/>. A failed poll is recorded on its source and the loop goes on.
/// </summary>
public sealed partial class FeedPollingService(
    IServiceScopeFactory scopeFactory,
    IOptions<FeedOptions> options,
    TimeProvider time,
    ILogger<FeedPollingService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => options.Value.Enabled
        ? Task.WhenAll(Enumerable.Range(0, options.Value.Pollers).Select(_ => Task.Run(() => RunLoopAsync(stoppingToken), stoppingToken)))
        : Task.CompletedTask;

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopeFactory.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<FeedPoller>().PollNextDueAsync(stoppingToken) is not null)
                {
                    continue; // another feed may be due too
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollingUnavailable(exception);
            }
            await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not look for due feeds; trying again after the check interval")]
    private partial void LogPollingUnavailable(Exception exception);
}
