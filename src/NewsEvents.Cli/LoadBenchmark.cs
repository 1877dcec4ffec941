using System.Diagnostics;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using NewsEvents.Core.Hosting;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// A bounded load run over loopback: for a fixed time each, a fixed number of callers (each waiting for its answer
/// before the next request) hit search, entity detail and ingest, and the trivial /health/live in the same run as the
/// baseline. Prints requests/s, p50/p99 latency and errors per scenario. Started on its own, it runs the built API in a
/// process of its own over a throwaway PostgreSQL cluster seeded through the API, with its workers on.
/// </summary>
internal static class LoadBenchmark
{
    private const string Word = "loadrun";

    private static readonly string[] Names =
    [
        "Vladimir Putin", "Kim Jong-un", "Jake Sullivan", "Olaf Scholz", "Emmanuel Macron", "Xi Jinping", "Joe Biden", "Antony Blinken",
    ];

    private static readonly string[] Places = ["Vladivostok", "Moscow", "Washington", "Berlin", "Paris", "Beijing", "Kyiv", "Seoul"];

    private static readonly string[] SearchTerms = ["summit", "talks", "sanctions", Word, "\"said on Monday\"", "Putin Kim", "Berlin"];

    private sealed record Scenario(string Name, Func<HttpClient, long, CancellationToken, Task<HttpResponseMessage>> Send);

    private sealed record Outcome(int Requests, int Errors, double Seconds, double[] SortedLatencies)
    {
        public double PerSecond => Requests / Seconds;

        public double Percentile(double p) =>
            SortedLatencies.Length == 0 ? double.NaN : SortedLatencies[Math.Max(0, (int)Math.Ceiling(p * SortedLatencies.Length) - 1)];
    }

    public static async Task<int> RunAsync(Options options)
    {
        var seconds = options.GetDouble("seconds", 10);
        var concurrency = options.GetInt("concurrency", 8);
        var seedArticles = options.GetInt("articles", 500);
        if (seconds is <= 0 or > 600 || concurrency is < 1 or > 256 || seedArticles is < 1 or > 10_000)
        {
            throw new ArgumentException("--seconds must be in (0, 600], --concurrency in [1, 256], --articles in [1, 10000]");
        }

        LocalPostgresCluster? cluster = null;
        ApiProcess? api = null;
        try
        {
            if (options.Get("url") is null)
            {
                var directory = Path.Combine(Path.GetTempPath(), $"newsevents-load-{Guid.NewGuid():N}"[..30]);
                cluster = await LocalPostgresCluster.StartAsync(directory, durable: false, deleteOnDispose: true, CancellationToken.None);
                api = await ApiProcess.StartAsync(options.Get("api") ?? ApiProcess.DefaultPath, cluster.ConnectionString,
                    new Dictionary<string, string> { ["Ingestion__Enabled"] = "true" });
            }
            using var http = new HttpClient { BaseAddress = api?.BaseAddress ?? new Uri(options.Get("url")!), Timeout = TimeSpan.FromSeconds(30) };
            // Ingest needs the write scope: the started service's own key, or the one given for --url.
            if ((api?.AdminKey ?? ImportCommand.KeyOf(options)) is { Length: > 0 } key)
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            var seeding = Stopwatch.StartNew();
            var lastSeeded = await SeedAsync(http, seedArticles);
            var entity = await MostMentionedEntityAsync(http, lastSeeded, TimeSpan.FromSeconds(300));
            Console.WriteLine(Invariant($"## Load run: {concurrency} callers, {seconds:F0} s a scenario, on loopback"));
            Console.WriteLine();
            Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} cores (shared with other work), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}."));
            Console.WriteLine(Invariant($"API: {(api is null ? http.BaseAddress : "NewsEvents.Api (built beside this command) in its own process, workers on, over a throwaway PostgreSQL cluster")}; load generator on the same cores."));
            Console.WriteLine(Invariant($"Store: {seedArticles} articles sent through the batch endpoint and processed ({seeding.Elapsed.TotalSeconds:F0} s) before the run; entity detail of the most mentioned entity; search cycles {SearchTerms.Length} queries; ingest posts new articles (processed meanwhile by the workers)."));
            Console.WriteLine(Invariant($"Load average before: {LoadAverage()}."));
            Console.WriteLine();
            Console.WriteLine("| scenario | requests | requests/s | ratio to /health/live | p50 ms | p99 ms | errors |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

            var runId = Guid.NewGuid().ToString("N")[..8];
            Scenario[] scenarios =
            [
                new("GET /health/live (baseline)", (client, _, ct) => client.GetAsync(new Uri("health/live", UriKind.Relative), ct)),
                new("GET /api/v1/articles?q= (search)", (client, n, ct) =>
                    client.GetAsync(new Uri($"api/v1/articles?q={Uri.EscapeDataString(SearchTerms[n % SearchTerms.Length])}&limit=20", UriKind.Relative), ct)),
                new("GET /api/v1/entities/{id} (entity detail)", (client, _, ct) => client.GetAsync(new Uri($"api/v1/entities/{entity}", UriKind.Relative), ct)),
                new("POST /api/v1/articles (ingest)", (client, n, ct) =>
                    client.PostAsJsonAsync(new Uri("api/v1/articles", UriKind.Relative), Article($"Load {runId} {n}", n), ct)),
            ];
            double? baseline = null;
            var errors = 0;
            foreach (var scenario in scenarios)
            {
                var outcome = await RunScenarioAsync(http, scenario, concurrency, TimeSpan.FromSeconds(seconds));
                baseline ??= outcome.PerSecond;
                errors += outcome.Errors;
                Console.WriteLine(Invariant(
                    $"| {scenario.Name} | {outcome.Requests:N0} | {outcome.PerSecond:F0} | {outcome.PerSecond / baseline.Value:F2} | {outcome.Percentile(0.5):F1} | {outcome.Percentile(0.99):F1} | {outcome.Errors} |"));
            }
            Console.WriteLine();
            Console.WriteLine(Invariant($"Load average after: {LoadAverage()}. Errors: answers other than 2xx, and requests that failed or timed out (30 s)."));
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }

    private static object Article(string title, long n) => new
    {
        title = $"{title} {Word}",
        body = $"{Names[n % Names.Length]} met {Names[(n + 3) % Names.Length]} in {Places[n % Places.Length]} on Monday for talks on sanctions. " +
            $"\"We will respond,\" {Names[(n + 5) % Names.Length]} said in {Places[(n + 2) % Places.Length]}. The summit ({n}) ended without a statement.",
    };

    /// <summary>Sends the seed articles in one batch and returns the id of the last one.</summary>
    private static async Task<Guid> SeedAsync(HttpClient http, int articles)
    {
        var seedId = Guid.NewGuid().ToString("N")[..8];
        var lines = Enumerable.Range(0, articles).Select(n => JsonSerializer.Serialize(Article($"Seed {seedId} {n}", n)));
        using var content = new StringContent(string.Join('\n', lines), System.Text.Encoding.UTF8, "application/x-ndjson");
        using var response = await http.PostAsync(new Uri("api/v1/articles/batch", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        using var answer = await response.Content.ReadFromJsonAsync<JsonDocument>();
        return answer!.RootElement.GetProperty("items").EnumerateArray().Last().GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Waits until the last seeded article is processed (the workers take the queue in order, so the others are too),
    /// then picks the entity mentioned in the most articles.
    /// </summary>
    private static async Task<Guid> MostMentionedEntityAsync(HttpClient http, Guid lastSeeded, TimeSpan timeout)
    {
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(500))
        {
            using var article = await http.GetFromJsonAsync<JsonDocument>(new Uri($"api/v1/articles/{lastSeeded}", UriKind.Relative));
            if (article!.RootElement.GetProperty("status").GetString() is not ("queued" or "processing"))
            {
                break;
            }
            if (waited.Elapsed > timeout)
            {
                throw new IOException($"The seeded articles were not processed within {timeout}.");
            }
        }
        using var entities = await http.GetFromJsonAsync<JsonDocument>(new Uri("api/v1/entities?limit=1", UriKind.Relative));
        var items = entities!.RootElement.GetProperty("items");
        return items.GetArrayLength() > 0
            ? items[0].GetProperty("id").GetGuid()
            : throw new IOException("The seeded articles gave no entity.");
    }

    private static async Task<Outcome> RunScenarioAsync(HttpClient http, Scenario scenario, int concurrency, TimeSpan duration)
    {
        // A short warm-up (JIT, connection pools, plan caches) that is not counted.
        await CallersAsync(http, scenario, concurrency, TimeSpan.FromSeconds(Math.Min(2, duration.TotalSeconds / 5)), new List<double>[concurrency], new int[1]);
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<double>()).ToArray();
        var errors = new int[1];
        var clock = Stopwatch.StartNew();
        await CallersAsync(http, scenario, concurrency, duration, latencies, errors);
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        return new Outcome(sorted.Length, errors[0], elapsed, sorted);
    }

    private static Task CallersAsync(HttpClient http, Scenario scenario, int concurrency, TimeSpan duration, List<double>?[] latencies, int[] errors)
    {
        var clock = Stopwatch.StartNew();
        var sequence = -1L;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(caller => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await scenario.Send(http, Interlocked.Increment(ref sequence), CancellationToken.None);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors[0]);
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors[0]);
                }
                latencies[caller]?.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1, 5, 15 min)" : "unknown";
}
