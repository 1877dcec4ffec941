using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Hosting;
using NewsEvents.Core.Ingestion;
using Npgsql;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// How fast articles go from queued to processed (extracted, stored, searchable) through the real pipeline (queue,
/// workers, extraction, storage), beside two baselines measured in the same run: the same processing done in memory
/// on one thread, and raw binary COPY of the rows processing stored (articles and everything extracted from them)
/// into the same tables, with the same indexes, of a fresh database in the same cluster (the storage limit).
/// </summary>
internal static class IngestBenchmark
{
    private const double TargetRate = 1000;
    private const double TargetShareOfCopy = 0.3;

    /// <summary>
    /// Articles processed before the timed run, in a database of their own: a service that has run for a minute has
    /// compiled its storage path, and a cold run of 2,000 articles spent 15% of the CPU in the JIT
    /// (docs/benchmarks/ingest.md). Extraction is warmed the same way, by its first pass.
    /// </summary>
    private const int WarmupArticles = 200;

    /// <summary>A copy of these few rows takes about a second, and one run's fsyncs moved it by half: the median of three.</summary>
    private const int CopyRuns = 3;

    /// <summary>The tables processing fills, parents before children, so each COPY meets the foreign keys it needs.</summary>
    private static readonly string[] CopiedTables =
        ["sources", "entities", "entity_aliases", "stories", "articles", "article_entities", "mentions", "quotes", "events", "story_entities"];

    public static async Task<int> RunAsync(Options options)
    {
        if (options.Has("import"))
        {
            return await ImportBenchmark.RunAsync(options);
        }
        var corpus = options.Get("corpus") ?? Corpus.DefaultPath;
        var count = options.GetInt("articles", 2000);
        var workers = options.GetInt("workers", Environment.ProcessorCount);
        var processCounts = options.Get("processes") is { } list ? IngestProcessScaling.ParseCounts(list) : [];
        var articles = Corpus.Read(corpus).Take(count).ToList();
        var megabytes = articles.Sum(a => Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Body)) / 1e6;
        Console.WriteLine(Invariant($"{corpus}: {articles.Count} articles, {megabytes:F1} MB; {workers} workers on {Environment.ProcessorCount} cores; the storage path warmed on {Math.Min(WarmupArticles, articles.Count)} of them in a database of its own first"));

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

        await WarmUpAsync(cluster.ConnectionString, articles.Take(WarmupArticles), workers);
        using var host = await Pipeline.BuildMigratedAsync(cluster.ConnectionString, workers);
        var enqueue = Stopwatch.StartNew();
        await Pipeline.EnqueueAsync(host, articles);
        var enqueueSeconds = enqueue.Elapsed.TotalSeconds;
        var queued = await Pipeline.QueuedAsync(host);
        var snapshot = processCounts.Count > 0 ? await IngestProcessScaling.SnapshotQueuedAsync(cluster.ConnectionString, host.Services.GetRequiredService<NpgsqlDataSource>()) : null;

        var processing = Stopwatch.StartNew();
        await Pipeline.ProcessQueueAsync(host);
        var processingSeconds = processing.Elapsed.TotalSeconds;
        var (copySeconds, copiedRows) = await CopyBaselineAsync(cluster.ConnectionString);

        Console.WriteLine();
        Console.WriteLine("| stage | articles | seconds | articles/s | MB/s | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("processing alone, in memory, 1 thread (baseline)", articles.Count, aloneSeconds, megabytes, 1);
        Row($"queued → processed, {workers} workers, real PostgreSQL", (int)queued, processingSeconds, megabytes, aloneSeconds / processingSeconds);
        Row(Invariant($"raw binary COPY of the stored rows ({copiedRows:N0} rows in {CopiedTables.Length} tables, median of {CopyRuns})"), (int)queued, copySeconds, megabytes, aloneSeconds / copySeconds);
        Row("accepting (ArticleIngestor, one at a time)", articles.Count, enqueueSeconds, megabytes, aloneSeconds / enqueueSeconds);
        Console.WriteLine();
        Console.WriteLine("ratio: throughput relative to the baseline (above 1 is faster than processing alone on one thread).");
        Console.WriteLine(Invariant($"extraction alone: {megabytes / aloneSeconds:F2} MB/s per core"));
        var rate = queued / processingSeconds;
        var shareOfCopy = copySeconds / processingSeconds;
        Console.WriteLine();
        Console.WriteLine("| target | measured | result |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine(Invariant($"| ingest ≥ {TargetRate:N0} articles/s end to end | {rate:N0} articles/s | {(rate >= TargetRate ? "pass" : "short")} |"));
        Console.WriteLine(Invariant($"| ingest ≥ {TargetShareOfCopy} × raw COPY | {shareOfCopy:F3} × COPY ({queued / copySeconds:N0} articles/s) | {(shareOfCopy >= TargetShareOfCopy ? "pass" : "short")} |"));
        if (snapshot is null)
        {
            return 0;
        }
        var inProcess = await IngestProcessScaling.Stored.CountAsync(cluster.ConnectionString);
        return await IngestProcessScaling.RunAsync(cluster.ConnectionString, snapshot, processCounts, options.Get("api") ?? ApiProcess.DefaultPath, articles, inProcess) ? 0 : 1;
    }

    private static async Task WarmUpAsync(string connectionString, IEnumerable<NewArticle> articles, int workers)
    {
        var warmup = new NpgsqlConnectionStringBuilder(connectionString) { Database = "warmup" };
        await IngestProcessScaling.CreateDatabaseAsync(connectionString, warmup.Database);
        using var host = await Pipeline.BuildMigratedAsync(warmup.ConnectionString, workers);
        await Pipeline.EnqueueAsync(host, articles);
        await Pipeline.ProcessQueueAsync(host);
    }

    /// <summary>
    /// Copies what processing stored into a freshly migrated database of the same cluster with raw binary COPY, one
    /// table after another in one transaction; the rows are read out first, so only the writing is timed.
    /// </summary>
    private static async Task<(double Seconds, long Rows)> CopyBaselineAsync(string connectionString)
    {
        var source = new NpgsqlConnectionStringBuilder(connectionString);
        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = source.Database + "_copy" };
        await IngestProcessScaling.CreateDatabaseAsync(connectionString, target.Database);
        await Pipeline.MigrateAsync(target.ConnectionString);

        await using var from = new NpgsqlConnection(source.ConnectionString);
        await from.OpenAsync();
        var exported = new List<(string Copy, byte[] Data)>();
        long rows = 0;
        foreach (var table in CopiedTables)
        {
            var columns = await StoredColumnsAsync(from, table);
            using var data = new MemoryStream();
            await using (var reader = await from.BeginRawBinaryCopyAsync($"COPY (SELECT {columns} FROM {table}) TO STDOUT (FORMAT BINARY)"))
            {
                await reader.CopyToAsync(data);
            }
            await using (var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", from))
            {
                rows += (long)(await count.ExecuteScalarAsync())!;
            }
            exported.Add(($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", data.ToArray()));
        }

        await using var to = new NpgsqlConnection(target.ConnectionString);
        await to.OpenAsync();
        var runs = new List<double>();
        for (var run = 0; run < CopyRuns; run++)
        {
            // Rows a migration seeds (if any) would collide with the copies of themselves.
            await using (var empty = new NpgsqlCommand($"TRUNCATE {string.Join(", ", CopiedTables)} CASCADE; CHECKPOINT", to))
            {
                await empty.ExecuteNonQueryAsync();
            }
            var clock = Stopwatch.StartNew();
            await using (var transaction = await to.BeginTransactionAsync())
            {
                foreach (var (copy, data) in exported)
                {
                    await using var writer = await to.BeginRawBinaryCopyAsync(copy);
                    await writer.WriteAsync(data);
                }
                await transaction.CommitAsync();
            }
            runs.Add(clock.Elapsed.TotalSeconds);
        }
        return (runs.Order().ElementAt(CopyRuns / 2), rows);
    }

    /// <summary>The table's columns COPY can write (generated ones, such as search vectors, are computed by the server).</summary>
    private static async Task<string> StoredColumnsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        return (string)(await command.ExecuteScalarAsync())!;
    }

    internal static void Row(string stage, int articles, double seconds, double megabytes, double ratio) =>
        Console.WriteLine(Invariant($"| {stage} | {articles} | {seconds:F2} | {articles / seconds:F0} | {megabytes / seconds:F2} | {ratio:F2} |"));
}
