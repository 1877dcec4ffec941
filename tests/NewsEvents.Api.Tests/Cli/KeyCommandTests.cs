using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Cli;

/// <summary>`newsevents keys create|list|revoke`, the built command in its own process, against the API's database.</summary>
public sealed class KeyCommandTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "newsevents.dll");

    [Fact]
    public async Task A_key_created_by_the_command_writes_is_listed_without_its_secret_and_stops_working_once_revoked()
    {
        var name = $"cli-{Guid.NewGuid():N}";
        var created = await RunAsync("keys", "create", "--name", name, "--scopes", "write");
        Assert.Equal(0, created.ExitCode);
        var lines = created.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var id = Guid.Parse(lines[0].Split(' ')[2]);
        var secret = lines[1];
        using var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);

        using (var write = await client.PostAsJsonAsync("/api/v1/articles", TestArticles.New()))
        {
            Assert.Equal(HttpStatusCode.Accepted, write.StatusCode);
        }
        using (var curate = await client.PostAsJsonAsync($"/api/v1/entities/{Guid.NewGuid()}/aliases", new { name = "Someone" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, curate.StatusCode);
        }
        var listed = await RunAsync("keys", "list");
        var line = Assert.Single(listed.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.StartsWith(id.ToString(), line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.Output, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("keys", "revoke", id.ToString())).ExitCode);
        using var revoked = await client.PostAsJsonAsync("/api/v1/articles", TestArticles.New());
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task An_unknown_scope_a_taken_name_and_an_unknown_id_fail_with_a_message()
    {
        var name = $"cli-{Guid.NewGuid():N}";
        Assert.Equal(0, (await RunAsync("keys", "create", "--name", name, "--scopes", "read")).ExitCode);

        var taken = await RunAsync("keys", "create", "--name", name, "--scopes", "read");
        var badScope = await RunAsync("keys", "create", "--name", name + "x", "--scopes", "root");
        var unknown = await RunAsync("keys", "revoke", Guid.NewGuid().ToString());

        Assert.All(new[] { taken, badScope, unknown }, result => Assert.NotEqual(0, result.ExitCode));
        Assert.Contains("root", badScope.Errors, StringComparison.Ordinal);
        Assert.Contains("no key has id", unknown.Errors, StringComparison.Ordinal);
    }

    private sealed record Result(int ExitCode, string Output, string Errors);

    private async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ConnectionStrings__NewsEvents"] = api.ConnectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await output, await errors);
    }
}
