using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Cli;
using NewsEvents.Core.Hosting;
using Npgsql;

namespace NewsEvents.Api.Tests.Faults;

/// <summary>
/// The service as it is deployed: the built NewsEvents.Api.dll in a process of its own (so it can be killed with
/// SIGKILL), over a private PostgreSQL cluster of this test class (so it can be stopped and started). Whatever
/// <see cref="PostgresServer"/> the other tests use, faults need a server nobody else depends on.
/// </summary>
public sealed class ServiceRig : IAsyncLifetime
{
    /// <summary>Short leases and retries so recovery from a killed worker takes seconds, not the production minutes.</summary>
    private static readonly Dictionary<string, string> TestTimings = new()
    {
        ["Ingestion__Enabled"] = "true",
        ["Ingestion__LeaseDuration"] = "00:00:03",
        ["Ingestion__PollInterval"] = "00:00:00.200",
        ["Ingestion__RetryBaseDelay"] = "00:00:00.050",
        ["Ingestion__RetryMaxDelay"] = "00:00:00.200",
    };

    private LocalPostgresCluster? _cluster;
    private NpgsqlDataSource? _database;

    public LocalPostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("Not started.");

    public string ConnectionString => Cluster.ConnectionString;

    /// <summary>Direct access to the store, for checking what the service wrote (pooling off: the server comes and goes).</summary>
    public NpgsqlDataSource Database => _database ?? throw new InvalidOperationException("Not started.");

    /// <summary>The API built beside these tests, in the same configuration.</summary>
    public static string ApiPath => Path.Combine(
        AppContext.BaseDirectory.Replace(
            $"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}NewsEvents.Api.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}NewsEvents.Api{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
        "NewsEvents.Api.dll");

    public async ValueTask InitializeAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"newsevents-faults-{Guid.NewGuid():N}"[..32]);
        _cluster = await LocalPostgresCluster.StartAsync(directory, durable: false, deleteOnDispose: true, CancellationToken.None);
        _database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Pooling = false }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Starts the service (it migrates the database on start) and waits until it is ready.</summary>
    /// <param name="database">A database of this cluster other than the default one.</param>
    /// <param name="connectionString">Another connection string altogether (several hosts, say).</param>
    public Task<ApiProcess> StartServiceAsync(
        IReadOnlyDictionary<string, string>? settings = null, string? database = null, string? connectionString = null)
    {
        var merged = new Dictionary<string, string>(TestTimings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }
        connectionString ??= database is null
            ? ConnectionString
            : new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;
        return ApiProcess.StartAsync(ApiPath, connectionString, merged);
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var command = Database.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout)
            {
                Assert.Fail($"Still not the case after {timeout}: {what}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until at least <paramref name="expected"/> articles of <paramref name="word"/> are stored and all are processed (none waiting, none failed).</summary>
    public Task WaitForProcessedAsync(string word, long expected, TimeSpan timeout) => WaitUntilAsync(
        async () => await CountAsync("""
            SELECT CASE WHEN bool_and(status = 'processed') THEN count(*) ELSE -1 END
            FROM articles WHERE title LIKE '%' || $1 || '%'
            """, word) >= expected,
        timeout, $"{expected} articles of '{word}' processed");
}

/// <summary>HTTP to a service process. Every call goes through <see cref="SendAsync"/>, the one place for headers.</summary>
public sealed class ServiceClient(ApiProcess service) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = service.BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { { "X-Api-Key", service.AdminKey } },
    };

    /// <summary>Markup characters as they are (valid JSON), so a body's size on the wire is its length.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An article as JSON; by default its body names a few entities and carries a quote, so processing has work to store.</summary>
    public static string ArticleJson(string title, string? body = null) => JsonSerializer.Serialize(new
    {
        title,
        body = body ?? $"{title}. Vladimir Putin met Kim Jong-un in Vladivostok on Monday, the Kremlin said. \"We will respond,\" Jake Sullivan said in Washington.",
    }, Unescaped);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        _http.SendAsync(request, cancellationToken);

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<HttpResponseMessage> PostArticleAsync(string title, string? body = null, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles")
        {
            Content = new StringContent(ArticleJson(title, body), Encoding.UTF8, "application/json"),
        }, cancellationToken);

    /// <summary>POSTs the titles as one NDJSON batch and returns the answer (throws if the connection breaks).</summary>
    public async Task<ArticleBatchResponse> PostBatchAsync(IEnumerable<string> titles, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles/batch")
        {
            Content = new StringContent(string.Join('\n', titles.Select(title => ArticleJson(title))), Encoding.UTF8, "application/x-ndjson"),
        }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ArticleBatchResponse>(NewsEventsApiFactory.Json, cancellationToken))!;
    }

    public void Dispose() => _http.Dispose();
}
