using System.Diagnostics;
using System.Text;
using NewsEvents.Core.Hosting;
using NewsEvents.Core.Ingestion;
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

        using var host = await Pipeline.BuildMigratedAsync(cluster.ConnectionString, workers);
        var enqueue = Stopwatch.StartNew();
        await Pipeline.EnqueueAsync(host, articles);
        var enqueueSeconds = enqueue.Elapsed.TotalSeconds;
        var queued = await Pipeline.QueuedAsync(host);

        var processing = Stopwatch.StartNew();
        await Pipeline.ProcessQueueAsync(host);
        var processingSeconds = processing.Elapsed.TotalSeconds;

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
}
