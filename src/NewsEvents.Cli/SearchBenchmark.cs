using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using Npgsql;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// Issue 7's search decision, measured: top-20 by relevance at a fixed concurrency for a fixed query set (rare to "said",
/// a phrase, a fielded filter, a date range) under each design considered, beside today's SQL (GIN + ts_rank_cd over
/// every match) measured in the same run, and the API itself over HTTP with its index, beside the engine call it makes.
/// Reads the store only (the API it starts applies pending migrations); the Lucene index lives in its own folder.
/// </summary>
internal static class SearchBenchmark
{
    /// <summary>Issue 7's targets at 1M articles, over HTTP.</summary>
    private const double TargetP50Milliseconds = 20;
    private const double TargetP99Milliseconds = 100;
    private const int PageSize = 20;
    /// <summary>Issue 7: the API adds at most this share over the engine call it makes.</summary>
    private const double MaxApiOverhead = 0.3;
    private const string InProcessDesign = "d. Lucene + 20 rows from PostgreSQL, snippets in process";
    private const string HttpDesign = "e. HTTP: GET /api/v1/articles?q=… on the API with its index";
    private const string Config = NewsEventsDbContext.TextSearchConfiguration;
    private const int WarmupCalls = 30;
    private static readonly TimeSpan WarmupBudget = TimeSpan.FromSeconds(1);

    private sealed record QueryCase(string Class, string Text, string? Source = null, DateTimeOffset? From = null, DateTimeOffset? To = null)
    {
        public string Describe()
        {
            var filters = new List<string>();
            if (Source is not null) filters.Add($"source = {Source}");
            if (From is not null) filters.Add(Invariant($"{From:yyyy-MM-dd} ≤ date < {To:yyyy-MM-dd}"));
            return filters.Count == 0 ? Text : $"{Text}, {string.Join(", ", filters)}";
        }
    }

    private sealed record Design(string Name, Func<QueryCase, CancellationToken, Task> Run);

    public static async Task<int> RunAsync(Options options)
    {
        var articles = options.GetInt("articles", 100_000);
        var concurrency = options.GetInt("concurrency", 4);
        var requests = options.GetInt("requests", 100);
        var budget = TimeSpan.FromSeconds(options.GetDouble("seconds", 15));
        var candidateLimits = (options.Get("candidates") ?? "1000,5000").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        var indexDirectory = options.Get("index") ?? Path.Combine("/var/tmp", Invariant($"newsevents-lucene-{articles}"));

        await using var store = await BenchmarkStore.OpenAsync(options, articles);
        var connection = new NpgsqlConnectionStringBuilder(store.ConnectionString) { MaxPoolSize = concurrency * 2, CommandTimeout = 0 };
        await using var dataSource = NpgsqlDataSource.Create(connection.ConnectionString);
        var total = await BenchmarkStore.ScalarAsync<long>(dataSource, "SELECT count(*) FROM articles");
        if (total == 0)
        {
            throw new ArgumentException($"{store.Description} holds no articles: run generate-corpus first");
        }
        var (derived, lastDerived) = await DerivedCorpus.CountAsync(dataSource);
        var postgres = await BenchmarkStore.ScalarAsync<string>(dataSource, "SHOW server_version");
        var ginBytes = await BenchmarkStore.ScalarAsync<long>(dataSource, "SELECT pg_relation_size('ix_articles_search_vector')");
        var rum = File.Exists("/usr/share/postgresql/15/extension/rum.control") || File.Exists($"/usr/share/postgresql/{postgres.Split('.')[0]}/extension/rum.control");

        Console.WriteLine(Invariant($"## Search designs: {total:N0} articles ({derived:N0} derived, sources named '{DerivedCorpus.SourcePrefix}…')"));
        Console.WriteLine();
        Console.WriteLine(Invariant($"Store: {store.Description}, PostgreSQL {postgres}. Machine: {Environment.ProcessorCount} cores (shared with other work), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average before: {ExtractionBenchmark.LoadAverage()}."));

        var clock = Stopwatch.StartNew();
        using var index = new ArticleIndex(indexDirectory, dataSource, new SearchOptions().MaxPending);
        var built = await index.OpenAsync(rebuild: options.Has("rebuild"), CancellationToken.None);
        var buildTime = clock.Elapsed;
        // Whatever changed since the index was committed (it is reused across runs).
        await index.CatchUpAsync(CancellationToken.None);
        Console.WriteLine(built
            ? Invariant($"Lucene.Net 4.8 index built in {indexDirectory}: {index.DocumentCount:N0} documents in {buildTime.TotalSeconds:F0} s ({index.DocumentCount / buildTime.TotalSeconds:F0} docs/s on {Environment.ProcessorCount} indexing threads, reading from PostgreSQL included).")
            : Invariant($"Lucene.Net 4.8 index reused from {indexDirectory} ({index.DocumentCount:N0} documents; --rebuild to time a build)."));
        Console.WriteLine(Invariant($"Sizes on disk: Lucene index {index.SizeBytes / 1e6:F0} MB (title + body inverted with positions, stored id, date, source) vs GIN ix_articles_search_vector {ginBytes / 1e6:F0} MB (the tsvector column itself is extra)."));
        Console.WriteLine(rum
            ? "RUM is installed here but not measured by this command."
            : "RUM: not installed here (no rum.control under /usr/share/postgresql), so not measured; issue 7's table has its figures.");

        var cases = await CasesAsync(dataSource, lastDerived);
        Console.WriteLine();
        Console.WriteLine("Query set (matches: PostgreSQL websearch_to_tsquery / Lucene; the stemmers differ slightly):");
        foreach (var query in cases)
        {
            var matches = await CountAsync(dataSource, query);
            Console.WriteLine(Invariant($"- {query.Class}: {query.Describe()} — {matches:N0} / {(await index.SearchAsync(Relevance(query), 1, CancellationToken.None))!.TotalHits:N0}"));
        }

        var search = new ArticleSearch(dataSource);
        var designs = new List<Design>
        {
            new("a. GIN + ts_rank_cd over every match (today)", (q, ct) => search.SearchAsync(Relevance(q), ct)),
        };
        designs.AddRange(candidateLimits.Select(limit => new Design(
            Invariant($"b. ts_rank_cd over the newest {limit:N0} matches"), (q, ct) => BoundedAsync(dataSource, q, limit, ct))));
        designs.Add(new("d. Lucene BM25 top-20 (ids; pending set read from PostgreSQL)", (q, ct) => index.SearchAsync(Relevance(q), PageSize, ct)));
        designs.Add(new("d. Lucene + 20 rows from PostgreSQL, plain lead", (q, ct) => FetchAsync(dataSource, q, index, Snippets.Lead, ct)));
        designs.Add(new("d. Lucene + 20 rows from PostgreSQL, ts_headline snippets", (q, ct) => FetchAsync(dataSource, q, index, Snippets.Headline, ct)));
        designs.Add(new(InProcessDesign, (q, ct) => FetchAsync(dataSource, q, index, Snippets.InProcess, ct)));

        // The API in its own process on a copy of this index (committed Lucene files never change), so it resumes from
        // the same watermark instead of building its own; measured when /health/ready says the index is open.
        var apiIndex = indexDirectory + "-api";
        CopyCommitted(indexDirectory, apiIndex);
        await using var api = await ApiProcess.StartAsync(options.Get("api") ?? ApiProcess.DefaultPath, store.ConnectionString,
            new Dictionary<string, string> { ["Search__IndexPath"] = apiIndex });
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        await WaitForIndexAsync(http);
        designs.Add(new(HttpDesign, (q, ct) => AnalystBenchmark.GetAsync(http, ApiPath(q), ct)));

        // Every code path compiled and tiered up before anything is timed, as in a service that has been running: a design
        // measured right after a slow one would otherwise pay for its JIT in its first calls.
        foreach (var design in designs)
        {
            foreach (var query in cases)
            {
                await Latency.MeasureAsync(ct => design.Run(query, ct), WarmupCalls, 1, warmup: 0, WarmupBudget);
            }
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"Load: concurrency {concurrency}, up to {requests} queries a cell (fewer when a cell passes {budget.TotalSeconds:F0} s: n says how many) after a warm-up pass of every design and query (up to {WarmupCalls} calls or {WarmupBudget.TotalSeconds:F0} s each) and 2 warm-up calls a cell; latency in ms; every design returns the top {PageSize} by relevance, duplicates left out, as /api/v1/search does; ratios are to design a in the same row group."));
        Console.WriteLine();
        Console.WriteLine("| query | design | n | p50 | p95 | p99 | p50 vs a | p99 vs a | p50 ≤ 20, p99 ≤ 100 |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---|");
        var overhead = new List<string>();
        foreach (var query in cases)
        {
            double[]? baseline = null;
            var byDesign = new Dictionary<string, double[]>();
            foreach (var design in designs)
            {
                var latencies = await Latency.MeasureAsync(ct => design.Run(query, ct), requests, concurrency, warmup: 2, budget);
                baseline ??= latencies;
                byDesign[design.Name] = latencies;
                var (p50, p99) = (Latency.Percentile(latencies, 0.5), Latency.Percentile(latencies, 0.99));
                var pass = p50 <= TargetP50Milliseconds && p99 <= TargetP99Milliseconds;
                Console.WriteLine(Invariant($"| {query.Class} | {design.Name} | {latencies.Length} | {p50:F1} | {Latency.Percentile(latencies, 0.95):F1} | {p99:F1} | {p50 / Latency.Percentile(baseline, 0.5):F3} | {p99 / Latency.Percentile(baseline, 0.99):F3} | {(pass ? "pass" : "short")} |"));
            }
            var (engine, viaHttp) = (Latency.Percentile(byDesign[InProcessDesign], 0.5), Latency.Percentile(byDesign[HttpDesign], 0.5));
            overhead.Add(Invariant($"| {query.Class} | {engine:F1} | {viaHttp:F1} | {viaHttp / engine:F2} | {(viaHttp <= engine * (1 + MaxApiOverhead) ? "pass" : "short")} |"));
        }
        Console.WriteLine();
        Console.WriteLine(Invariant($"What the API adds over the engine call it makes (issue 7: at most {MaxApiOverhead:P0}): p50 in ms of the HTTP design against the in-process-snippet design, the same work in this process."));
        Console.WriteLine();
        Console.WriteLine("| query | engine call (d, snippets in process) | HTTP (e) | ratio | API adds ≤ 30% |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        overhead.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine(Invariant($"Load average after: {ExtractionBenchmark.LoadAverage()}. The targets are issue 7's for 1M articles over HTTP; this store holds {total:N0} articles."));
        return 0;
    }

    /// <summary>
    /// Issue 7's classes with its terms (rare, medium, phrase + term, two common words, very common, "said"), then a
    /// fielded filter (the biggest source) and a date range (the last 30 derived days) on common terms.
    /// </summary>
    private static async Task<IReadOnlyList<QueryCase>> CasesAsync(NpgsqlDataSource dataSource, DateOnly? lastDerived)
    {
        var biggestSource = await BenchmarkStore.ScalarAsync<string>(dataSource,
            "SELECT s.name FROM articles AS a JOIN sources AS s ON s.id = a.source_id GROUP BY s.name ORDER BY count(*) DESC, s.name LIMIT 1");
        var end = lastDerived ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var to = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return
        [
            new("rare term", "temporao"),
            new("medium term", "cocoa"),
            new("phrase + term", "\"trade deficit\" japan"),
            new("two common words", "oil prices"),
            new("very common term", "bank"),
            new("\"said\" class", "said"),
            new("fielded filter", "oil prices", Source: biggestSource),
            new("date range", "said", From: to.AddDays(-30), To: to),
        ];
    }

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, QueryCase query)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"SELECT count(*) {Matching(query, command)}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Design b: rank only the newest <paramref name="limit"/> matches, so ranking costs at most that many vectors.</summary>
    private static async Task BoundedAsync(NpgsqlDataSource dataSource, QueryCase query, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"""
            WITH candidates AS MATERIALIZED (
                SELECT a.id, a.published_or_ingested_at, a.search_vector {Matching(query, command)}
                ORDER BY a.published_or_ingested_at DESC, a.id DESC LIMIT @candidates),
            ranked AS (
                SELECT id, published_or_ingested_at, ts_rank_cd(search_vector, websearch_to_tsquery('{Config}', @text)) AS rank FROM candidates
                ORDER BY rank DESC, published_or_ingested_at DESC, id DESC LIMIT {PageSize}),
            page AS (SELECT id, row_number() OVER (ORDER BY rank DESC, published_or_ingested_at DESC, id DESC) AS position FROM ranked)
            {PageRows(Snippets.Headline)}
            """;
        command.Parameters.AddWithValue("candidates", limit);
        command.Parameters.AddWithValue("headline_options", Highlight.HeadlineOptions);
        await DrainAsync(command, cancellationToken);
    }

    private enum Snippets
    {
        /// <summary>The body's opening, as a listing without a query shows: the cost of the rows alone.</summary>
        Lead,

        /// <summary>ts_headline in PostgreSQL, as today.</summary>
        Headline,

        /// <summary>The body fetched and the passage marked in this process with the index's analyser.</summary>
        InProcess,
    }

    /// <summary>The API's GET for a case: top 20 by relevance.</summary>
    private static string ApiPath(QueryCase query)
    {
        var path = Invariant($"/api/v1/articles?q={Uri.EscapeDataString(query.Text)}&limit={PageSize}");
        if (query.Source is { } source) path += $"&source={Uri.EscapeDataString(source)}";
        if (query.From is { } from) path += $"&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(query.To!.Value.ToString("O", CultureInfo.InvariantCulture))}";
        return path;
    }

    /// <summary>Copies an index's files but its write lock into <paramref name="target"/>, emptied first.</summary>
    private static void CopyCommitted(string source, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source).Where(file => Path.GetFileName(file) != "write.lock"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    /// <summary>Waits until the API's readiness says its article index is open (Degraded while it opens or builds).</summary>
    private static async Task WaitForIndexAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative)) != "Healthy")
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException("The API's article index did not open within 30 minutes.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>The API's query for a case: top 20 by relevance.</summary>
    private static ArticleQuery Relevance(QueryCase query) => new(query.Text, query.Source, null, query.From, query.To, ArticleSort.Relevance, PageSize, null);

    /// <summary>Design d: the top ids from the Lucene index, then their rows from PostgreSQL in that order, as the API would return them.</summary>
    private static async Task FetchAsync(NpgsqlDataSource dataSource, QueryCase query, ArticleIndex index, Snippets snippets, CancellationToken cancellationToken)
    {
        var ids = (await index.SearchAsync(Relevance(query), PageSize, cancellationToken))!.Items.Select(hit => hit.Id).ToArray();
        await using var command = dataSource.CreateCommand();
        command.CommandText = $"WITH page AS (SELECT id, position FROM unnest(@ids) WITH ORDINALITY AS page(id, position)) {PageRows(snippets)}";
        command.Parameters.AddWithValue("ids", ids);
        if (snippets != Snippets.InProcess)
        {
            if (snippets == Snippets.Headline)
            {
                command.Parameters.AddWithValue("text", query.Text);
                command.Parameters.AddWithValue("headline_options", Highlight.HeadlineOptions);
            }
            await DrainAsync(command, cancellationToken);
            return;
        }
        var parsed = index.Parse(query.Text);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(new object[reader.FieldCount]);
            index.Snippet(parsed, reader.GetString(9), SnippetLength);
        }
    }

    private const int SnippetLength = 280;

    /// <summary>The columns /api/v1/search shows for each article of a `page (id, position)`; the last is the snippet, or the body to make one from.</summary>
    private static string PageRows(Snippets snippets) => $"""
        SELECT a.id, a.title, a.url, s.name, a.language, a.published_at, a.ingested_at, a.status, a.published_or_ingested_at,
            {snippets switch
            {
                Snippets.Headline => $"ts_headline('{Config}', a.body, websearch_to_tsquery('{Config}', @text), @headline_options)",
                Snippets.Lead => $"left(a.body, {SnippetLength + 1})",
                _ => "a.body",
            }}
        FROM page JOIN articles AS a ON a.id = page.id LEFT JOIN sources AS s ON s.id = a.source_id ORDER BY page.position
        """;

    /// <summary>FROM and WHERE of the articles a query matches (as ArticleSearch filters them); adds its parameters.</summary>
    private static string Matching(QueryCase query, NpgsqlCommand command)
    {
        var filters = new List<string> { $"a.search_vector @@ websearch_to_tsquery('{Config}', @text)", "a.duplicate_of IS NULL" };
        command.Parameters.AddWithValue("text", query.Text);
        if (query.Source is { } source)
        {
            filters.Add("lower(s.name) = lower(@source)");
            command.Parameters.AddWithValue("source", source);
        }
        if (query.From is { } from)
        {
            filters.Add("a.published_or_ingested_at >= @from AND a.published_or_ingested_at < @to");
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", query.To!.Value);
        }
        return $"FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id WHERE {string.Join(" AND ", filters)}";
    }

    private static async Task DrainAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(new object[reader.FieldCount]);
        }
    }
}
