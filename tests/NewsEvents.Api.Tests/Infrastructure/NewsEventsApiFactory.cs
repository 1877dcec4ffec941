using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using OpenTelemetry.Exporter;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The real API pipeline over a database of its own (one per test class). Background workers run with short
/// timings so tests see ingestion finish quickly. Tests stay independent by using their own words and sources.
/// </summary>
public class NewsEventsApiFactory(PostgresServer server) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The admin key every client of CreateClient() sends (curation history names it "bootstrap").</summary>
    public const string BootstrapKey = "ne_test-bootstrap-admin-key-0123456789";

    public const string BootstrapKeyName = "bootstrap";

    private readonly ConcurrentDictionary<string, Task<string>> _keys = new();

    public PostgresServer Postgres => server;

    public string ConnectionString { get; protected set; } = "";

    public virtual async ValueTask InitializeAsync() => ConnectionString = await server.CreateDatabaseAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await server.DropDatabaseAsync(ConnectionString);
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:NewsEvents", ConnectionString);
        builder.UseSetting("SampleData:Enabled", "false");
        builder.UseSetting("Ingestion:PollInterval", "00:00:00.200");
        builder.UseSetting("Ingestion:RetryBaseDelay", "00:00:00.050");
        builder.UseSetting("Ingestion:RetryMaxDelay", "00:00:00.200");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Auth:BootstrapAdminKey", BootstrapKey);
        // High enough that no test but the one about limits meets them.
        builder.UseSetting("Limits:PermitsPerKey", "1000000");
        builder.UseSetting("Limits:PermitsPerAnonymousIp", "1000000");
        // Each scrape collects afresh (the exporter otherwise answers from a cache for 300 ms), so what a test reads
        // before it acts is what the metrics were just then.
        builder.ConfigureServices(services => services.Configure<PrometheusAspNetCoreOptions>(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Every client sends the bootstrap admin key, so tests of other things are not about keys.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
    }

    /// <summary>A client that sends no key.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }

    /// <summary>A client sending the key named <paramref name="name"/>, created (through the API) on first use.</summary>
    public async Task<HttpClient> CreateClientWithKeyAsync(string name, string scope = "admin")
    {
        var secret = await _keys.GetOrAdd($"{name}\n{scope}", _ => CreateKeyAsync(name, scope));
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    /// <summary>Creates a key through POST /api/v1/keys and returns its secret.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] scopes)
    {
        using var response = await CreateClient().PostAsJsonAsync("/api/v1/keys", new { name, scopes }, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/keys answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("secret").GetString()!;
    }

    public NewsEventsDbContext CreateDbContext() => PostgresServer.CreateDbContext(ConnectionString);

    /// <summary>Posts an article and returns the answer, asserting it was accepted (202) or recognised as a duplicate (200).</summary>
    public async Task<ArticleResponse> IngestAsync(object article, HttpClient? client = null)
    {
        using var response = await (client ?? CreateClient()).PostAsJsonAsync("/api/v1/articles", article, Json);
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK,
            $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Json))!;
    }

    public async Task<ArticleResponse> GetArticleAsync(Guid id) =>
        (await CreateClient().GetFromJsonAsync<ArticleResponse>($"/api/v1/articles/{id}", Json))!;

    /// <summary>Polls the article until it reaches <paramref name="status"/> (processing is asynchronous).</summary>
    public async Task<ArticleResponse> WaitForStatusAsync(Guid id, ArticleStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var article = await GetArticleAsync(id);
            if (article.Status == status)
            {
                return article;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Article {id} is still {article.Status} (error: {article.Error}), expected {status}.");
            }
            await Task.Delay(50);
        }
    }

    public async Task<ArticleResponse> IngestAndProcessAsync(object article) =>
        await WaitForStatusAsync((await IngestAsync(article)).Id, ArticleStatus.Processed);

    /// <summary>GET /api/v1/articles with the given query string, asserting 200.</summary>
    public async Task<ListPage> SearchAsync(string queryString)
    {
        using var response = await CreateClient().GetAsync($"/api/v1/articles?{queryString}");
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Search answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ListPage>(Json))!;
    }
}

public sealed record ListPage(List<ArticleHit> Items, string? NextCursor);

/// <summary>The API with no background workers: queued work stays queued until a test moves it.</summary>
public sealed class PausedWorkersApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ingestion:Enabled", "false");
    }
}
