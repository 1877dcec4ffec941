using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Api.Tests.Operability;

public sealed class OperabilityTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await api.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_every_operation()
    {
        var document = await GetOpenApiAsync();

        var operations = document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {p.Name}"))
            .Order()
            .ToList();
        Assert.Equal(
        [
            "DELETE /api/v1/alerts/{id}", "DELETE /api/v1/entities/{id}/aliases/{alias}", "DELETE /api/v1/keys/{id}", "DELETE /api/v1/sources/{id}",
            "GET /api/v1/admin/jobs", "GET /api/v1/admin/jobs/{id}",
            "GET /api/v1/alerts", "GET /api/v1/alerts/{id}", "GET /api/v1/alerts/{id}/matches",
            "GET /api/v1/articles", "GET /api/v1/articles/{id}", "GET /api/v1/articles/{id}/duplicates", "GET /api/v1/entities", "GET /api/v1/entities/{id}",
            "GET /api/v1/entities/{id}/articles", "GET /api/v1/entities/{id}/events", "GET /api/v1/entities/{id}/history",
            "GET /api/v1/entities/{id}/network", "GET /api/v1/entities/{id}/quotes", "GET /api/v1/entities/{id}/related",
            "GET /api/v1/entities/{id}/timeline",
            "GET /api/v1/event-types", "GET /api/v1/events", "GET /api/v1/events/{id}", "GET /api/v1/keys", "GET /api/v1/quotes", "GET /api/v1/search",
            "GET /api/v1/sources", "GET /api/v1/sources/{id}", "GET /api/v1/stories", "GET /api/v1/stories/{id}", "GET /api/v1/stream/articles",
            "GET /api/v1/trends/entities",
            "PATCH /api/v1/alerts/{id}", "PATCH /api/v1/entities/{id}", "PATCH /api/v1/sources/{id}",
            "POST /api/v1/admin/reprocess", "POST /api/v1/alerts", "POST /api/v1/articles", "POST /api/v1/articles/batch", "POST /api/v1/entities/{id}/aliases", "POST /api/v1/entities/{id}/merge",
            "POST /api/v1/entities/{id}/split", "POST /api/v1/events/{id}/reject", "POST /api/v1/events/{id}/restore",
            "POST /api/v1/extract", "POST /api/v1/keys", "POST /api/v1/quotes/{id}/reject", "POST /api/v1/quotes/{id}/restore",
            "POST /api/v1/sources", "POST /api/v1/sources/{id}/poll",
        ], operations);
    }

    /// <summary>Answers any operation can give: rate limited, database away.</summary>
    private static readonly string[] ServiceAnswers = ["429", "503"];

    [Fact]
    public async Task The_openapi_document_lists_the_rate_limit_and_database_answers_on_every_operation()
    {
        var operations = (await GetOpenApiAsync()).GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {p.Name}", Operation: operation.Value)))
            .ToList();

        Assert.NotEmpty(operations);
        Assert.All(operations, operation =>
        {
            foreach (var status in ServiceAnswers)
            {
                Assert.True(operation.Operation.GetProperty("responses").TryGetProperty(status, out var response), $"{operation.Name} lacks {status}");
                Assert.True(response.GetProperty("headers").TryGetProperty("Retry-After", out _), $"{operation.Name} {status} lacks Retry-After");
                Assert.Equal("application/problem+json", Assert.Single(ContentTypes(operation.Operation, status)));
            }
        });
    }

    [Fact]
    public async Task The_openapi_document_asks_for_the_api_key_on_write_and_admin_operations_only()
    {
        var document = await GetOpenApiAsync();
        var paths = document.GetProperty("paths");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        foreach (var (path, method) in new[] { ("/api/v1/entities/{id}/merge", "post"), ("/api/v1/articles", "post"), ("/api/v1/sources/{id}", "delete"), ("/api/v1/keys", "get"), ("/api/v1/admin/reprocess", "post"), ("/api/v1/admin/jobs/{id}", "get") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal("ApiKey", Assert.Single(Assert.Single(operation.GetProperty("security").EnumerateArray()).EnumerateObject()).Name);
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _) && operation.GetProperty("responses").TryGetProperty("403", out _), $"{method} {path}");
        }
        Assert.False(paths.GetProperty("/api/v1/entities/{id}").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/api/v1/articles").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_answer_of_the_ingestion_endpoint()
    {
        var post = (await GetOpenApiAsync()).GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("post");

        var responses = post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToList();

        Assert.Equal(["200", "202", "400", "401", "403", "413", "429", "503"], responses);
        Assert.Contains("2 MiB", post.GetProperty("responses").GetProperty("413").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(["application/json"], ContentTypes(post, "202"));
        Assert.Equal(["application/json"], ContentTypes(post, "200"));
        Assert.Equal(["application/problem+json"], ContentTypes(post, "400"));
        Assert.Equal(["application/problem+json"], ContentTypes(post, "413"));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_batch_endpoint_content_types_and_answers()
    {
        var post = (await GetOpenApiAsync()).GetProperty("paths").GetProperty("/api/v1/articles/batch").GetProperty("post");

        var responses = post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order().ToList();
        var accepted = post.GetProperty("requestBody").GetProperty("content").EnumerateObject().Select(c => c.Name).Order().ToList();

        Assert.Equal(["200", "400", "401", "403", "413", "415", "429", "503"], responses);
        Assert.Equal(["application/json", "application/x-ndjson"], accepted);
        Assert.Equal(["application/problem+json"], ContentTypes(post, "413"));
    }

    [Fact]
    public async Task The_openapi_document_marks_title_and_body_as_required()
    {
        var schema = (await GetOpenApiAsync()).GetProperty("components").GetProperty("schemas").GetProperty("CreateArticleRequest");

        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order().ToList();

        Assert.Equal(["body", "title"], required);
    }

    [Fact]
    public async Task The_openapi_document_carries_descriptions_and_examples_from_the_xml_docs()
    {
        var document = await GetOpenApiAsync();

        var post = document.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("post");
        Assert.Equal("Ingests an article.", post.GetProperty("summary").GetString());
        var title = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateArticleRequest")
            .GetProperty("properties").GetProperty("title");
        Assert.Equal("Headline.", title.GetProperty("description").GetString());
        Assert.Equal("N. Korea gives weapons to Russia, pays price: US", title.GetProperty("example").GetString());
    }

    [Fact]
    public async Task The_swagger_ui_is_served()
    {
        using var response = await api.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var db = api.CreateDbContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The EF model differs from the last migration: add a migration.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task The_migrated_schema_has_the_search_index_the_trigram_extension_and_the_weighted_vector()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();

        var indexes = await QueryStringsAsync(connection, "SELECT indexdef FROM pg_indexes WHERE tablename = 'articles'");
        Assert.Contains(indexes, d => d.Contains("USING gin (search_vector)", StringComparison.Ordinal));

        var extensions = await QueryStringsAsync(connection, "SELECT extname FROM pg_extension");
        Assert.Contains("pg_trgm", extensions);

        var column = Assert.Single(await QueryStringsAsync(connection, """
            SELECT data_type || ' ' || is_generated || ' ' || generation_expression FROM information_schema.columns
            WHERE table_name = 'articles' AND column_name = 'search_vector'
            """));
        Assert.StartsWith("tsvector ALWAYS ", column, StringComparison.Ordinal);
        Assert.Contains("setweight(to_tsvector('english'::regconfig, title), 'A'::\"char\")", column, StringComparison.Ordinal);
        Assert.Contains("setweight(to_tsvector('english'::regconfig, body), 'B'::\"char\")", column, StringComparison.Ordinal);
    }

    private async Task<JsonElement> GetOpenApiAsync()
    {
        using var response = await api.CreateClient().GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
    }

    private static List<string> ContentTypes(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject().Select(c => c.Name).ToList();

    private static async Task<List<string>> QueryStringsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }
}

/// <summary>The samples a first run ingests: each test starts its own host over a database of its own.</summary>
public sealed class SampleDataTests(PostgresServer postgres)
{
    private const string SampleSource = "NewsEvents samples";

    [Fact]
    public async Task The_sample_article_is_ingested_on_first_start_processed_and_found_by_search()
    {
        await using var api = new SampleDataApiFactory(postgres);
        await api.InitializeAsync();

        var hits = await WaitForSampleAsync(api);

        var hit = Assert.Single(hits.Items);
        Assert.Equal(SampleSource, hit.Source);
        Assert.StartsWith("N. Korea gives weapons to Russia", hit.Title, StringComparison.Ordinal);
        Assert.Contains("<mark>Kremlin</mark>", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal("en", hit.Language);
    }

    [Fact]
    public async Task Starting_again_on_the_same_database_does_not_ingest_the_samples_twice()
    {
        await using var api = new SampleDataApiFactory(postgres);
        await api.InitializeAsync();
        var first = Assert.Single((await WaitForSampleAsync(api)).Items);

        await using (var restarted = api.WithWebHostBuilder(_ => { }))
        {
            using var response = await restarted.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var db = api.CreateDbContext();
        Assert.Equal([first.Id], await db.Articles.Select(a => a.Id).ToListAsync());
    }

    [Fact]
    public async Task Samples_are_not_added_to_a_database_that_already_holds_articles()
    {
        await using var api = new SampleDataApiFactory(postgres);
        await api.InitializeAsync();
        var sample = Assert.Single((await WaitForSampleAsync(api)).Items);
        var own = await api.IngestAsync(TestArticles.New());
        await using (var db = api.CreateDbContext())
        {
            // Without the sample, only the emptiness check (not duplicate detection) can keep it out.
            await db.Articles.Where(a => a.Id == sample.Id).ExecuteDeleteAsync();
        }

        await using (var restarted = api.WithWebHostBuilder(_ => { }))
        {
            restarted.CreateClient().Dispose(); // starts the host, which runs the start-up work
        }

        await using var check = api.CreateDbContext();
        Assert.Equal([own.Id], await check.Articles.Select(a => a.Id).ToListAsync());
    }

    private static async Task<ListPage> WaitForSampleAsync(NewsEventsApiFactory api)
    {
        await using (var db = api.CreateDbContext())
        {
            api.CreateClient().Dispose(); // the first start ingests the samples before it serves
            var id = await db.Articles.Where(a => a.Source!.Name == SampleSource).Select(a => a.Id).SingleAsync();
            await api.WaitForStatusAsync(id, ArticleStatus.Processed);
        }
        return await api.SearchAsync("q=Kremlin");
    }

    private sealed class SampleDataApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("SampleData:Enabled", "true");
        }
    }
}
