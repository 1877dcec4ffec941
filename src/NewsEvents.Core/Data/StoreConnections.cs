using Npgsql;

namespace NewsEvents.Core.Data;

/// <summary>
/// The store's connection pools, from one connection string. With one host, reads and writes share its pool. With
/// several (a primary and its streaming-replication standbys, <c>Host=primary,standby1,standby2</c>), Npgsql's
/// multi-host data source finds out which server is which: writes, and reads that must see them, go to the primary;
/// the read-only query classes (search, listings, analytics) go to a standby while one is up (the primary otherwise),
/// spread over the standbys when the connection string says <c>Load Balance Hosts=true</c>.
/// </summary>
public sealed class StoreConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource _root;
    private readonly NpgsqlDataSource _listeningRoot;
    private readonly NpgsqlDataSource _listening;

    /// <param name="builder">Configured by the caller; this sets its pooling options as it builds from it.</param>
    public StoreConnections(NpgsqlDataSourceBuilder builder)
    {
        // Nothing here leaves session state behind a checkout: settings are SET LOCAL (or reset by the migration that
        // sets one), advisory locks are transaction locks, and LISTEN has connections of its own (ListenAsync). So a
        // returned connection skips the reset Npgsql would send before its next use (RESET ALL, UNLISTEN * and five more
        // statements): a third more entity details a second (docs/benchmarks/analyst-endpoints.md).
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        (_root, Primary, Reads) = Build(builder);
        builder.ConnectionStringBuilder.Pooling = false;
        (_listeningRoot, _listening, _) = Build(builder);
    }

    /// <summary>The read-write server: every write, migrations, and reads right after a write (LISTEN: <see cref="ListenAsync"/>).</summary>
    public NpgsqlDataSource Primary { get; }

    /// <summary>A standby when one is up, else the primary: reads that tolerate replication lag.</summary>
    public NpgsqlDataSource Reads { get; }

    /// <summary>
    /// A connection to the primary that LISTENs on <paramref name="channel"/> (a name of ours, never client text) for as
    /// long as it is open. It is opened outside the pool, which does not reset sessions, so a LISTEN never goes back into
    /// it. The handler is attached before the LISTEN, so it sees every notification after it.
    /// </summary>
    public async Task<NpgsqlConnection> ListenAsync(string channel, NotificationEventHandler? notified, CancellationToken cancellationToken)
    {
        var connection = await _listening.OpenConnectionAsync(cancellationToken);
        try
        {
            if (notified is not null)
            {
                connection.Notification += notified;
            }
            await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listeningRoot.DisposeAsync();
        await _root.DisposeAsync();
    }

    private static (NpgsqlDataSource Root, NpgsqlDataSource Primary, NpgsqlDataSource Reads) Build(NpgsqlDataSourceBuilder builder)
    {
        if (builder.ConnectionStringBuilder.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            var hosts = builder.BuildMultiHost();
            return (hosts, hosts.WithTargetSession(TargetSessionAttributes.Primary), hosts.WithTargetSession(TargetSessionAttributes.PreferStandby));
        }
        var single = builder.Build();
        return (single, single, single);
    }
}
