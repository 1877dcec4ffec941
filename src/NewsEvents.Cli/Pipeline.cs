using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsEvents.Core;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Cli;

/// <summary>The real ingestion pipeline (ArticleIngestor, queue, workers, extraction, storage) hosted by a command.</summary>
internal static class Pipeline
{
    /// <summary>A host of the core services; its workers start with the host (see <see cref="ProcessQueueAsync"/>).</summary>
    public static async Task<IHost> BuildMigratedAsync(string connectionString, int workers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:NewsEvents"] = connectionString,
            ["Ingestion:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The service's statement timeout guards requests; commands run set-wise statements and VACUUMs for
            // minutes on a big store.
            ["Database:StatementTimeout"] = "00:00:00",
        });
        builder.Services.AddNewsEventsCore();
        var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NewsEventsDbContext>().MigrateAsync();
        return host;
    }

    /// <summary>Applies pending migrations to the database, and nothing else: the host is never started.</summary>
    public static async Task MigrateAsync(string connectionString)
    {
        using var host = await BuildMigratedAsync(connectionString, workers: 1);
    }

    /// <summary>Accepts the articles through <see cref="ArticleIngestor"/>, one at a time, as the API does.</summary>
    public static async Task EnqueueAsync(IHost host, IEnumerable<NewArticle> articles)
    {
        foreach (var chunk in articles.Chunk(100))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var ingestor = scope.ServiceProvider.GetRequiredService<ArticleIngestor>();
            foreach (var article in chunk)
            {
                await ingestor.IngestAsync(article, default);
            }
        }
    }

    /// <summary>Starts the workers, waits until the queue is empty, and stops them.</summary>
    public static async Task ProcessQueueAsync(IHost host)
    {
        await host.StartAsync();
        while (await QueuedAsync(host) > 0)
        {
            await Task.Delay(100);
        }
        await host.StopAsync();
    }

    public static async Task<long> QueuedAsync(IHost host)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM ingestion_jobs");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
