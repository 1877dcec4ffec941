using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Api.Tests.Operability;

/// <summary>
/// The store's pool does not reset a session when a connection comes back (StoreConnections), so a connection that
/// LISTENs must never come back into it: a pooled session still listening would take every notification, unread.
/// </summary>
public sealed class StoreConnectionsTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_listening_connection_ends_its_session_instead_of_joining_the_pool()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        try
        {
            int listener;
            await using (var connections = new StoreConnections(new NpgsqlDataSourceBuilder(connectionString)))
            {
                await using (var listening = await connections.ListenAsync("store_connections_test", null, CancellationToken.None))
                {
                    listener = listening.ProcessID;
                }
                for (var i = 0; i < 3; i++)
                {
                    await using var pooled = await connections.Primary.OpenConnectionAsync();
                    Assert.NotEqual(listener, pooled.ProcessID);
                    Assert.Equal(0L, await ScalarAsync<long>(pooled, "SELECT count(*) FROM pg_listening_channels()"));
                }
            }
            await using var check = new NpgsqlConnection(connectionString);
            await check.OpenAsync();
            // The server ends a session a moment after its client leaves.
            for (var wait = 0; wait < 50 && await ScalarAsync<bool>(check, $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {listener})"); wait++)
            {
                await Task.Delay(100);
            }
            Assert.False(await ScalarAsync<bool>(check, $"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = {listener})"));
        }
        finally
        {
            await postgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
