using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Tests.Infrastructure;
using Npgsql;
using static NewsEvents.Api.Tests.Infrastructure.ProblemAssertions;

namespace NewsEvents.Api.Tests.Security;

public sealed class LimitsTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    private static readonly string[] ReadScope = ["read"];

    [Fact]
    public async Task Past_its_rate_limit_a_key_gets_a_429_problem_with_retry_after_while_other_callers_go_on()
    {
        var secret = await api.CreateKeyAsync("rate-limited", "read");
        using var limited = api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Limits:PermitsPerKey", "3");
            builder.UseSetting("Limits:PermitsPerAnonymousIp", "2");
            builder.UseSetting("Limits:RateWindow", "01:00:00");
        });
        var key = Client(limited, secret);
        var anonymous = Client(limited, null);

        var keyed = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            keyed.Add((await key.GetAsync("/api/v1/event-types")).StatusCode);
        }
        using var refused = await key.GetAsync("/api/v1/event-types");
        using var otherKey = await limited.CreateClient().GetAsync("/api/v1/event-types");
        var anonymousStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            anonymousStatuses.Add((await anonymous.GetAsync("/api/v1/event-types")).StatusCode);
        }
        using var health = await anonymous.GetAsync("/health/live");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], keyed);
        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], anonymousStatuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_default_limit_is_a_413_problem()
    {
        // TestServer does not enforce request size limits; Kestrel, as in production, does.
        await using var kestrel = api.WithWebHostBuilder(_ => { });
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        var client = kestrel.CreateClient();

        using var small = await client.PostAsJsonAsync("/api/v1/keys", new { name = "small-body", scopes = ReadScope });
        using var large = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys")
        {
            Content = JsonContent.Create(new { name = new string('n', 70_000), scopes = ReadScope }),
            // The server answers from the Content-Length alone; without this the client may still be sending when it closes.
            Headers = { ExpectContinue = true },
        });

        Assert.Equal(HttpStatusCode.Created, small.StatusCode);
        await AssertProblemAsync(large, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_request_past_its_timeout_is_a_504_problem()
    {
        using var slow = WithSlowEndpoints(builder => builder.UseSetting("Limits:RequestTimeout", "00:00:00.200"));

        using var response = await slow.CreateClient().GetAsync("/test/slow/wait");

        await AssertProblemAsync(response, HttpStatusCode.GatewayTimeout);
    }

    [Fact]
    public async Task A_statement_past_the_database_timeout_is_a_503_problem()
    {
        using var slow = WithSlowEndpoints(builder => builder.UseSetting("Database:StatementTimeout", "00:00:00.200"));

        using var response = await slow.CreateClient().GetAsync("/test/slow/sleep");

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Only_configured_origins_get_cors_permission()
    {
        using var allowing = api.WithWebHostBuilder(builder => builder.UseSetting("Cors:AllowedOrigins:0", "https://dashboard.example"));

        using var allowed = await allowing.CreateClient().SendAsync(Preflight("https://dashboard.example"));
        using var other = await allowing.CreateClient().SendAsync(Preflight("https://evil.example"));
        using var byDefault = await api.CreateClient().SendAsync(Preflight("https://dashboard.example"));

        Assert.Equal("https://dashboard.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-api-key", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(byDefault.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Hsts_is_sent_in_production_only()
    {
        using var production = api.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        var options = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://newsevents.example") };

        using var inProduction = await production.CreateClient(options).GetAsync("/health/live");
        using var elsewhere = await api.CreateClient(options).GetAsync("/health/live");

        Assert.True(inProduction.Headers.Contains("Strict-Transport-Security"));
        Assert.False(elsewhere.Headers.Contains("Strict-Transport-Security"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/articles");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        return request;
    }

    private static HttpClient Client(WebApplicationFactory<Program> factory, string? key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    private WebApplicationFactory<Program> WithSlowEndpoints(Action<IWebHostBuilder> configure) =>
        api.WithWebHostBuilder(builder =>
        {
            configure(builder);
            builder.ConfigureTestServices(services => services.AddControllers().AddApplicationPart(typeof(SlowController).Assembly));
        });
}

/// <summary>Endpoints that take as long as they are let: only the hosts of <see cref="LimitsTests"/> include them.</summary>
[ApiController]
[Route("test/slow")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SlowController(NpgsqlDataSource dataSource) : ControllerBase
{
    [HttpGet("wait")]
    public async Task<IActionResult> Wait(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return NoContent();
    }

    [HttpGet("sleep")]
    public async Task<IActionResult> Sleep(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_sleep(30)");
        await command.ExecuteNonQueryAsync(cancellationToken);
        return NoContent();
    }
}
