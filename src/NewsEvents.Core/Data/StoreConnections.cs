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

    public StoreConnections(NpgsqlDataSourceBuilder builder)
    {
        if (builder.ConnectionStringBuilder.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            var hosts = builder.BuildMultiHost();
            _root = hosts;
            Primary = hosts.WithTargetSession(TargetSessionAttributes.Primary);
            Reads = hosts.WithTargetSession(TargetSessionAttributes.PreferStandby);
        }
        else
        {
            _root = builder.Build();
            Primary = Reads = _root;
        }
    }

    /// <summary>The read-write server: every write, LISTEN/NOTIFY, migrations, and reads right after a write.</summary>
    public NpgsqlDataSource Primary { get; }

    /// <summary>A standby when one is up, else the primary: reads that tolerate replication lag.</summary>
    public NpgsqlDataSource Reads { get; }

    public ValueTask DisposeAsync() => _root.DisposeAsync();
}
