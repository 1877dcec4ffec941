using System.Net;
using NewsEvents.Api.Tests.Faults;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Hosting;
using Npgsql;

namespace NewsEvents.Api.Tests.Scaling;

/// <summary>
/// The service over a primary and a streaming-replication standby, named in one multi-host connection string: writes
/// reach the primary, searches are answered by the standby, and an article just posted can be read back at once.
/// </summary>
public sealed class ReplicaTests(ServiceRig rig) : IClassFixture<ServiceRig>, IAsyncLifetime
{
    private LocalPostgresCluster? _standby;
    private NpgsqlDataSource? _standbyDatabase;

    private LocalPostgresCluster Standby => _standby ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"newsevents-standby-{Guid.NewGuid():N}"[..32]);
        _standby = await rig.Cluster.StartStandbyAsync(directory, CancellationToken.None);
        _standbyDatabase = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_standby.ConnectionString) { Pooling = false }.ConnectionString);
    }

    [Fact]
    public async Task Writes_go_to_the_primary_searches_to_the_standby_and_a_posted_article_reads_back_at_once()
    {
        Assert.True(await StandbyAsync<bool>("SELECT pg_is_in_recovery()"));
        // The standby first: the order of the hosts must not decide where writes go.
        var hosts = new NpgsqlConnectionStringBuilder(rig.ConnectionString) { Host = $"{Standby.DataDirectory},{rig.Cluster.DataDirectory}" };
        await using var service = await rig.StartServiceAsync(connectionString: hosts.ConnectionString);
        using var client = new ServiceClient(service);

        var replicated = TestArticles.UniqueWord();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostArticleAsync($"Replicated {replicated}")).StatusCode);
        await rig.WaitForProcessedAsync(replicated, 1, TimeSpan.FromSeconds(60));
        await ServiceRig.WaitUntilAsync(() => FindsAsync(client, replicated), TimeSpan.FromSeconds(30), "the search finds the replicated article");

        await StandbyAsync<object>("SELECT pg_wal_replay_pause()");
        var held = TestArticles.UniqueWord();
        using var posted = await client.PostArticleAsync($"Held back {held}");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        using (var readBack = await client.GetAsync(posted.Headers.Location!.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, readBack.StatusCode);
        }
        await rig.WaitForProcessedAsync(held, 1, TimeSpan.FromSeconds(60));
        Assert.False(await FindsAsync(client, held), "the search was answered by the primary, not the paused standby");

        await StandbyAsync<object>("SELECT pg_wal_replay_resume()");
        await ServiceRig.WaitUntilAsync(() => FindsAsync(client, held), TimeSpan.FromSeconds(30), "the search finds the article once the standby replays");
    }

    private static async Task<bool> FindsAsync(ServiceClient client, string word)
    {
        using var response = await client.GetAsync($"/api/v1/articles?q={word}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Contains(word, StringComparison.Ordinal);
    }

    private async Task<T> StandbyAsync<T>(string sql)
    {
        await using var command = _standbyDatabase!.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_standbyDatabase is not null)
        {
            await _standbyDatabase.DisposeAsync();
        }
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }
    }
}
