using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Tests.Infrastructure;
using Serilog.Core;
using Serilog.Events;
using static NewsEvents.Api.Tests.Infrastructure.ProblemAssertions;

namespace NewsEvents.Api.Tests.Security;

public sealed class ApiKeyTests(ApiKeyTests.LoggedApiFactory api) : IClassFixture<ApiKeyTests.LoggedApiFactory>
{
    [Fact]
    public async Task A_write_without_a_key_is_a_401_problem_with_a_challenge()
    {
        using var response = await api.CreateAnonymousClient().PostAsJsonAsync("/api/v1/articles", TestArticles.New());

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_are_open_without_a_key_but_an_unknown_key_is_refused_even_there()
    {
        using var open = await api.CreateAnonymousClient().GetAsync("/api/v1/articles");
        var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "ne_" + new string('x', 43));
        using var refused = await client.GetAsync("/api/v1/articles");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        await AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_scope_allows_its_endpoints_and_those_below_and_is_403_above()
    {
        var reader = await api.CreateClientWithKeyAsync("scope-reader", "read");
        var writer = await api.CreateClientWithKeyAsync("scope-writer", "write");

        using var readerWrites = await reader.PostAsJsonAsync("/api/v1/articles", TestArticles.New());
        using var writerWrites = await writer.PostAsJsonAsync("/api/v1/articles", TestArticles.New());
        using var writerReads = await writer.GetAsync("/api/v1/articles");
        using var writerListsKeys = await writer.GetAsync("/api/v1/keys");
        using var writerCurates = await writer.PostAsJsonAsync($"/api/v1/entities/{Guid.NewGuid()}/aliases", new { name = "Someone" });

        var forbidden = await AssertProblemAsync(readerWrites, HttpStatusCode.Forbidden);
        Assert.Contains("'write'", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, writerWrites.StatusCode);
        Assert.Equal(HttpStatusCode.OK, writerReads.StatusCode);
        await AssertProblemAsync(writerListsKeys, HttpStatusCode.Forbidden);
        await AssertProblemAsync(writerCurates, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_works_as_a_bearer_token_too()
    {
        var secret = await api.CreateKeyAsync("bearer-holder", "write");
        var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        using var response = await client.PostAsJsonAsync("/api/v1/articles", TestArticles.New());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_the_next_request_on()
    {
        var secret = await api.CreateKeyAsync("soon-revoked", "write");
        var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        using var before = await client.PostAsJsonAsync("/api/v1/articles", TestArticles.New());
        var id = await KeyIdAsync("soon-revoked");

        using var revoke = await api.CreateClient().DeleteAsync($"/api/v1/keys/{id}");
        using var after = await client.PostAsJsonAsync("/api/v1/articles", TestArticles.New());

        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedAt").ValueKind);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.CreateClient().DeleteAsync($"/api/v1/keys/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        // The name is free again once its key is revoked.
        Assert.StartsWith("ne_", await api.CreateKeyAsync("soon-revoked", "read"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_hash_of_a_secret_is_stored_and_listing_never_shows_a_secret()
    {
        var secret = await api.CreateKeyAsync("hash-only", "read");

        await using var db = api.CreateDbContext();
        var row = await db.ApiKeys.SingleAsync(k => k.Name == "hash-only");
        using var list = await api.CreateClient().GetAsync("/api/v1/keys");
        var listed = await list.Content.ReadAsStringAsync();

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), row.SecretHash);
        Assert.Equal(secret[..12], row.Prefix);
        Assert.Equal("read", Assert.Single(row.Scopes));
        var stored = string.Join('|', await db.Database.SqlQueryRaw<string>(
            "SELECT concat_ws('|', id, name, scopes, prefix, encode(secret_hash, 'escape'), created_at) AS \"Value\" FROM api_keys").ToListAsync());
        Assert.DoesNotContain(secret[12..], stored, StringComparison.Ordinal);
        Assert.Contains("hash-only", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(NewsEventsApiFactory.BootstrapKey, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_requests_that_make_no_sense_are_4xx_problems()
    {
        await api.CreateKeyAsync("taken-name", "read");
        var admin = api.CreateClient();

        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/keys", KeyRequest("taken-name", "read")), HttpStatusCode.Conflict);
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/keys", KeyRequest("no-scope")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/keys", KeyRequest("bad-scope", "root")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/keys", KeyRequest("number-scope", 7)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/v1/keys", KeyRequest(" ", "read")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task No_secret_is_ever_written_to_the_log()
    {
        var secret = await api.CreateKeyAsync("logged-holder", "write");
        var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        (await client.PostAsJsonAsync("/api/v1/articles", TestArticles.New())).Dispose();
        var bearer = api.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret + "-wrong");
        (await bearer.GetAsync("/api/v1/articles")).Dispose();

        var logged = api.Log.ToArray();
        Assert.NotEmpty(logged);
        foreach (var secretText in (string[])[secret, NewsEventsApiFactory.BootstrapKey])
        {
            Assert.DoesNotContain(logged, line => line.Contains(secretText[12..], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task With_reads_closed_a_read_needs_a_key_but_health_probes_do_not()
    {
        var secret = await api.CreateKeyAsync("closed-reader", "read");
        using var closed = api.WithWebHostBuilder(builder => builder.UseSetting("Auth:RequireKeyForReads", "true"));
        var anonymous = closed.CreateClient();
        anonymous.DefaultRequestHeaders.Remove("X-Api-Key");
        var reader = closed.CreateClient();
        reader.DefaultRequestHeaders.Remove("X-Api-Key");
        reader.DefaultRequestHeaders.Add("X-Api-Key", secret);

        await AssertProblemAsync(await anonymous.GetAsync("/api/v1/entities"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/entities")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        var openApi = await (await anonymous.GetAsync("/swagger/v1/swagger.json")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(openApi.GetProperty("paths").GetProperty("/api/v1/entities").GetProperty("get").TryGetProperty("security", out _));
    }

    private static object KeyRequest(string name, params object[] scopes) => new { name, scopes };

    private async Task<Guid> KeyIdAsync(string name)
    {
        var keys = await api.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/keys");
        return keys.GetProperty("items").EnumerateArray()
            .Single(k => k.GetProperty("name").GetString() == name && k.GetProperty("revokedAt").ValueKind == JsonValueKind.Null)
            .GetProperty("id").GetGuid();
    }

    /// <summary>The API with every log event down to Debug kept in memory, to search for secrets.</summary>
    public sealed class LoggedApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
    {
        private static readonly string[] QuietCategories = ["Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Npgsql"];

        public ConcurrentQueue<string> Log { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Ingestion:Enabled", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Debug");
            foreach (var category in QuietCategories)
            {
                builder.UseSetting($"Serilog:MinimumLevel:Override:{category}", "Debug");
            }
            builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(new QueueSink(Log)));
        }
    }

    private sealed class QueueSink(ConcurrentQueue<string> log) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) =>
            log.Enqueue($"{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {string.Join(' ', logEvent.Properties.Values)} {logEvent.Exception}");
    }
}
