using System.Diagnostics;
using System.Net;
using NewsEvents.Api.Tests.Faults;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.DataSafety;

/// <summary>The backup and restore of docs/operations.md (pg_dump -Fc, pg_restore into a new database), round trip.</summary>
public sealed class BackupRestoreTests(ServiceRig rig) : IClassFixture<ServiceRig>, IDisposable
{
    private readonly string _dumpFile = Path.Combine(Path.GetTempPath(), $"newsevents-backup-{Guid.NewGuid():N}.dump");

    [Fact]
    public async Task A_store_restored_from_a_pg_dump_answers_every_search_exactly_as_the_original()
    {
        var word = TestArticles.UniqueWord();
        string[] queries =
        [
            $"/api/v1/articles?q={word}",
            $"/api/v1/articles?q={word}&limit=5",
            "/api/v1/search?q=Putin",
            "/api/v1/entities",
            "/api/v1/events",
            "/api/v1/quotes",
        ];
        Dictionary<string, string> original;
        await using (var service = await rig.StartServiceAsync())
        {
            using var client = new ServiceClient(service);
            await client.PostBatchAsync(Enumerable.Range(1, 12).Select(i => $"Backup {word} number {i}"));
            await rig.WaitForProcessedAsync(word, 12, TimeSpan.FromSeconds(120));
            original = await AnswersAsync(client, queries);
        }

        await RunAsync("pg_dump", "--format=custom", $"--file={_dumpFile}", $"--host={rig.Cluster.DataDirectory}", "--username=postgres", "newsevents");
        await using (var create = rig.Database.CreateCommand("CREATE DATABASE restored"))
        {
            await create.ExecuteNonQueryAsync();
        }
        await RunAsync("pg_restore", "--no-owner", "--exit-on-error", $"--host={rig.Cluster.DataDirectory}", "--username=postgres", "--dbname=restored", _dumpFile);

        await using (var restored = await rig.StartServiceAsync(database: "restored"))
        {
            using var client = new ServiceClient(restored);
            var answers = await AnswersAsync(client, queries);
            Assert.All(queries, query => Assert.Equal(original[query], answers[query]));
        }
        Assert.Contains(word, original[queries[0]], StringComparison.Ordinal); // the comparison compared something
    }

    private static async Task<Dictionary<string, string>> AnswersAsync(ServiceClient client, string[] queries)
    {
        var answers = new Dictionary<string, string>();
        foreach (var query in queries)
        {
            using var response = await client.GetAsync(query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers[query] = await response.Content.ReadAsStringAsync();
        }
        return answers;
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(rig.Cluster.BinDirectory, tool)) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {errors}");
    }

    public void Dispose() => File.Delete(_dumpFile);
}
