using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using Npgsql;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// Ingestion scaled out across processes: for each count P, a fresh copy of the same queued database is processed by P
/// separate processes of the built API (NewsEvents.Api.dll) sharing the one PostgreSQL, timed from the moment the queue
/// is released to the moment it is empty, then checked: every article processed exactly once.
/// </summary>
internal static class IngestProcessScaling
{
    /// <summary>One worker a process, so P processes are P workers: the scaling measured is what each process adds.</summary>
    private const int WorkersPerProcess = 1;

    /// <summary>
    /// How far the snapshot's jobs are pushed into the future: processes starting up find nothing due, so none gets a
    /// head start; the release moves them back, keeping the order they were queued in.
    /// </summary>
    private const string HoldBack = "interval '100 years'";

    /// <summary>
    /// Articles each process extracts before the clock starts: the model loads and the extractor's code is compiled
    /// past its first tier, as in the in-process run, whose baseline passes warmed the same code.
    /// </summary>
    private const int WarmUpArticles = 50;

    /// <summary>Counts like <c>1,2,4</c>; the first is the baseline of the ratios.</summary>
    public static IReadOnlyList<int> ParseCounts(string list)
    {
        var counts = list.Split(',', StringSplitOptions.TrimEntries);
        return counts.All(count => int.TryParse(count, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 16)
               && counts.Distinct().Count() == counts.Length
            ? [.. counts.Select(count => int.Parse(count, CultureInfo.InvariantCulture))]
            : throw new ArgumentException($"--processes takes distinct process counts from 1 to 16 separated by commas (e.g. 1,2,4), not '{list}'");
    }

    /// <summary>
    /// Copies the queued database (before any worker ran) to a template, its jobs held back. The pool's idle
    /// connections are closed first: PostgreSQL copies only a database nobody is connected to.
    /// </summary>
    public static async Task<string> SnapshotQueuedAsync(string connectionString, NpgsqlDataSource pool)
    {
        pool.Clear();
        var queued = new NpgsqlConnectionStringBuilder(connectionString).Database + "_queued";
        await CreateDatabaseAsync(connectionString, queued, template: new NpgsqlConnectionStringBuilder(connectionString).Database!);
        await ExecuteAsync(Connect(connectionString, queued), $"UPDATE ingestion_jobs SET available_at = available_at + {HoldBack}");
        return queued;
    }

    /// <summary>Prints the table and the exactly-once check of each count; false when a check failed.</summary>
    /// <param name="articles">The queued articles: each process warms up on the first few.</param>
    /// <param name="expected">What the in-process run stored from the same queue, to compare each run's rows with.</param>
    public static async Task<bool> RunAsync(
        string connectionString, string snapshot, IReadOnlyList<int> counts, string apiPath, IReadOnlyList<NewArticle> articles, Stored expected)
    {
        var runs = new List<(int Processes, double Seconds, string LoadBefore, string LoadAfter, long Completions, long FailedAttempts, Stored Stored)>();
        foreach (var processes in counts)
        {
            var database = Invariant($"{snapshot}_{processes}p");
            await CreateDatabaseAsync(connectionString, database, template: snapshot);
            var run = Connect(connectionString, database);
            var settings = new Dictionary<string, string>
            {
                ["Ingestion__Enabled"] = "true",
                ["Ingestion__Workers"] = WorkersPerProcess.ToString(CultureInfo.InvariantCulture),
            };
            var adminKey = ApiProcess.NewAdminKey();
            var starting = Enumerable.Range(0, processes).Select(_ => ApiProcess.StartAsync(apiPath, run, settings, adminKey)).ToArray();
            try
            {
                var workers = await Task.WhenAll(starting);
                await Task.WhenAll(workers.Select(worker => WarmUpAsync(worker, articles.Take(WarmUpArticles))));
                await using var connection = new NpgsqlConnection(run);
                await connection.OpenAsync();
                var loadBefore = LoadAverage();
                var clock = Stopwatch.StartNew();
                // The queue trigger notifies only on insert: a NOTIFY in the same transaction wakes every idle worker.
                await ExecuteAsync(connection, $"UPDATE ingestion_jobs SET available_at = available_at - {HoldBack}; NOTIFY {NewsEventsDbContext.IngestionChannel}");
                await using var remaining = new NpgsqlCommand("SELECT count(*) FROM ingestion_jobs", connection);
                while ((long)(await remaining.ExecuteScalarAsync())! > 0)
                {
                    await Task.Delay(100);
                }
                var seconds = clock.Elapsed.TotalSeconds;
                var loadAfter = LoadAverage();
                var (completions, failedAttempts) = await CountedByWorkersAsync(workers, expected.Processed);
                runs.Add((processes, seconds, loadBefore, loadAfter, completions, failedAttempts, await Stored.CountAsync(run)));
            }
            finally
            {
                foreach (var started in starting.Where(start => start.IsCompletedSuccessfully))
                {
                    await started.Result.DisposeAsync();
                }
            }
        }

        var baseline = runs[0];
        Console.WriteLine();
        Console.WriteLine(Invariant($"Worker processes: each a process of the built API with {WorkersPerProcess} ingestion worker, over a fresh copy of the same queue in the same cluster, warmed up by extracting {WarmUpArticles} articles (nothing stored); timed from the release of the queue to an empty queue."));
        Console.WriteLine();
        Console.WriteLine(Invariant($"| worker processes | articles | seconds | articles/s | ratio to {Processes(baseline.Processes)} | load average (1 min) before → after |"));
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        foreach (var run in runs)
        {
            Console.WriteLine(Invariant($"| {run.Processes} | {expected.Processed} | {run.Seconds:F2} | {expected.Processed / run.Seconds:F0} | {baseline.Seconds / run.Seconds:F2} | {run.LoadBefore} → {run.LoadAfter} |"));
        }
        Console.WriteLine();
        var allPassed = true;
        foreach (var run in runs)
        {
            var passed = run.Completions == expected.Processed && run.FailedAttempts == 0 && run.Stored == expected;
            allPassed &= passed;
            var stored = run.Stored with { Processed = expected.Processed } == expected ? "the same rows as the in-process run" : $"{run.Stored.Rows} (in-process run: {expected.Rows})";
            Console.WriteLine(Invariant($"exactly once, {Processes(run.Processes)}: {(passed ? "pass" : "FAIL")}: {run.Stored.Processed} of {expected.Processed} queued articles processed, the queue empty; the processes counted {run.Completions} completions and {run.FailedAttempts} failed attempts; stored {stored}."));
        }
        return allPassed;
    }

    /// <summary>What a run stored: processed articles and the rows extracted from them, which processing an article twice would duplicate.</summary>
    internal sealed record Stored(long Processed, long Mentions, long Quotes, long Events, long ArticleEntities)
    {
        public string Rows => Invariant($"{Mentions} mentions, {Quotes} quotes, {Events} events, {ArticleEntities} article-entity rows");

        public static async Task<Stored> CountAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM articles WHERE status = 'processed'), (SELECT count(*) FROM mentions),
                       (SELECT count(*) FROM quotes), (SELECT count(*) FROM events), (SELECT count(*) FROM article_entities)
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new Stored(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
    }

    /// <summary>A counter's value in Prometheus text (0 when it was never incremented, so not exported).</summary>
    private static long Counter(string metrics, string name) => metrics.Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
        .Sum(line => (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    /// <summary>Unpooled, so no idle connection stays behind to stop the database being copied or dropped.</summary>
    private static string Connect(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = false }.ConnectionString;

    /// <summary>
    /// A new database in the cluster, created from the maintenance database over a connection of its own, so that no
    /// pooled connection is left on the database copied (PostgreSQL copies only a database nobody is connected to).
    /// </summary>
    internal static Task CreateDatabaseAsync(string connectionString, string database, string? template = null) =>
        ExecuteAsync(Connect(connectionString, "postgres"), template is null ? $"CREATE DATABASE {database}" : $"CREATE DATABASE {database} TEMPLATE {template}");

    /// <summary>
    /// Completions and failed attempts summed over the processes' own counters. A worker counts a batch just after its
    /// commit, so the last one may lag the empty queue by a moment: scrape again until the completions add up.
    /// </summary>
    private static async Task<(long Completions, long FailedAttempts)> CountedByWorkersAsync(IReadOnlyList<ApiProcess> workers, long expected)
    {
        for (var tries = 0; ; tries++)
        {
            long completions = 0, failedAttempts = 0;
            foreach (var worker in workers)
            {
                using var http = worker.CreateClient();
                var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
                completions += Counter(metrics, "newsevents_articles_processed_total");
                failedAttempts += Counter(metrics, "newsevents_articles_failed_attempts_total");
            }
            if (completions >= expected || tries == 50)
            {
                return (completions, failedAttempts);
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Extracts the articles through the process's preview endpoint, which stores nothing.</summary>
    private static async Task WarmUpAsync(ApiProcess worker, IEnumerable<NewArticle> articles)
    {
        using var http = worker.CreateClient();
        foreach (var article in articles)
        {
            using var response = await http.PostAsJsonAsync(new Uri("api/v1/extract", UriKind.Relative), new { article.Title, Text = article.Body, article.PublishedAt });
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Processes(int count) => count == 1 ? "1 process" : Invariant($"{count} processes");

    private static string LoadAverage() => ExtractionBenchmark.LoadAverage().Split(' ')[0];
}
