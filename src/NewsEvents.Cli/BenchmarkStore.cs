using System.Globalization;
using NewsEvents.Core.Hosting;
using Npgsql;

namespace NewsEvents.Cli;

/// <summary>
/// The database a scale benchmark reads or builds: --connection, else a local cluster in --store DIR (by default one per
/// article count under /var/tmp), kept between commands so a store generated once serves many benchmark runs.
/// </summary>
internal sealed class BenchmarkStore : IAsyncDisposable
{
    private readonly LocalPostgresCluster? _cluster;

    private BenchmarkStore(string connectionString, string description, LocalPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        Description = description;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public static async Task<BenchmarkStore> OpenAsync(Options options, int articles)
    {
        if (options.Get("connection") is { } connectionString)
        {
            return new BenchmarkStore(connectionString, "the database of --connection", null);
        }
        var directory = options.Get("store") ?? Path.Combine("/var/tmp", string.Create(CultureInfo.InvariantCulture, $"newsevents-derived-{articles}"));
        // No fsync: the store is derived data, rebuilt by generate-corpus, and reads are what is measured.
        var cluster = await LocalPostgresCluster.StartAsync(directory, durable: false, deleteOnDispose: false, CancellationToken.None);
        return new BenchmarkStore(cluster.ConnectionString, $"local cluster in {Path.GetFullPath(directory)}", cluster);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;
}
