using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsEvents.Core;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Hosting;
using NewsEvents.Core.Ingestion;
using Npgsql;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// How fast articles go from queued to processed through the real pipeline (queue, workers, extraction, storage),
/// beside the baseline of the same processing done in memory on one thread, measured in the same run.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        if (options.Has("import"))
        {
            return await ImportBenchmark.RunAsync(options);
        }
        var corpus = options.Get("corpus") ?? Corpus.DefaultPath;
        var count = options.GetInt("articles", 2000);
        var workers = options.GetInt("workers", Environment.ProcessorCount);
        var articles = Corpus.Read(corpus).Take(count).ToList();
        var megabytes = articles.Sum(a => Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Body)) / 1e6;
        Console.WriteLine(Invariant($"{corpus}: {articles.Count} articles, {megabytes:F1} MB; {workers} workers on {Environment.ProcessorCount} cores"));

        // The first pass loads the model and lets the JIT settle; the second is the baseline.
        var processor = new ArticleProcessor();
        var aloneSeconds = 0.0;
        for (var pass = 0; pass < 2; pass++)
        {
            var alone = Stopwatch.StartNew();
            foreach (var article in articles)
            {
                await processor.ProcessAsync(new ArticleText(Guid.Empty, article.Title, article.Body, article.PublishedAt, "en"), default);
            }
            aloneSeconds = alone.Elapsed.TotalSeconds;
        }

        var directory = Path.Combine(Path.GetTempPath(), $"newsevents-bench-{Guid.NewGuid():N}"[..30]);
        // Durable like a real deployment (fsync on), in a throwaway cluster from the installed binaries.
        await using var cluster = await LocalPostgresCluster.StartAsync(directory, durable: true, deleteOnDispose: true, CancellationToken.None);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:NewsEvents"] = cluster.ConnectionString,
            ["Ingestion:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Services.AddNewsEventsCore();
        using var host = builder.Build();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NewsEventsDbContext>();
            await db.Database.MigrateAsync();
        }
        var enqueue = Stopwatch.StartNew();
        foreach (var chunk in articles.Chunk(100))
        {
            await using var scope = host.Services.CreateAsyncScope();
            var ingestor = scope.ServiceProvider.GetRequiredService<ArticleIngestor>();
            foreach (var article in chunk)
            {
                await ingestor.IngestAsync(article, default);
            }
        }
        var enqueueSeconds = enqueue.Elapsed.TotalSeconds;
        var queued = await QueuedAsync(host);

        var processing = Stopwatch.StartNew();
        await host.StartAsync();
        while (await QueuedAsync(host) > 0)
        {
            await Task.Delay(100);
        }
        var processingSeconds = processing.Elapsed.TotalSeconds;
        await host.StopAsync();

        Console.WriteLine();
        Console.WriteLine("| stage | articles | seconds | articles/s | MB/s | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("processing alone, in memory, 1 thread (baseline)", articles.Count, aloneSeconds, megabytes, 1);
        Row($"queued → processed, {workers} workers, real PostgreSQL", (int)queued, processingSeconds, megabytes, aloneSeconds / processingSeconds);
        Row("accepting (ArticleIngestor, one at a time)", articles.Count, enqueueSeconds, megabytes, aloneSeconds / enqueueSeconds);
        Console.WriteLine();
        Console.WriteLine("ratio: throughput relative to the baseline (above 1 is faster than processing alone on one thread).");
        Console.WriteLine(Invariant($"extraction alone: {megabytes / aloneSeconds:F2} MB/s per core"));
        return 0;
    }

    internal static void Row(string stage, int articles, double seconds, double megabytes, double ratio) =>
        Console.WriteLine(Invariant($"| {stage} | {articles} | {seconds:F2} | {articles / seconds:F0} | {megabytes / seconds:F2} | {ratio:F2} |"));

    private static async Task<long> QueuedAsync(IHost host)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM ingestion_jobs");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
