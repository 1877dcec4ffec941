using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Hosting;
using NewsEvents.Core.Data;
using Npgsql;
using Testcontainers.PostgreSql;

[assembly: AssemblyFixture(typeof(NewsEvents.Api.Tests.Infrastructure.PostgresServer))]

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run, chosen as in efcore.pg's TestEnvironment: the server named by
/// NEWSEVENTS_TEST_POSTGRES when set, otherwise a Testcontainers container (image NEWSEVENTS_TEST_POSTGRES_IMAGE),
/// otherwise a throwaway cluster from the PostgreSQL binaries installed here. Never another engine.
/// NEWSEVENTS_TEST_POSTGRES_MODE=env|container|local insists on one source and fails if it is unavailable.
/// Each test class gets its own database, cloned from a template the real migrations built once.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string TemplateDatabase = "newsevents_template";
    private const string DefaultImage = "postgres:15-alpine";

    private readonly SemaphoreSlim _cloneLock = new(1, 1);
    private PostgreSqlContainer? _container;
    private LocalPostgresCluster? _cluster;
    private string _adminConnectionString = "";

    /// <summary>Where the server came from, for the run's report.</summary>
    public string Description { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var mode = Environment.GetEnvironmentVariable("NEWSEVENTS_TEST_POSTGRES_MODE") ?? "auto";
        var configured = Environment.GetEnvironmentVariable("NEWSEVENTS_TEST_POSTGRES");
        if (mode is "env" or "auto" && !string.IsNullOrWhiteSpace(configured))
        {
            _adminConnectionString = configured;
            Description = "server from NEWSEVENTS_TEST_POSTGRES";
        }
        else if (mode is "container" or "auto" && await TryStartContainerAsync(mustWork: mode == "container"))
        {
            Description = $"Testcontainers ({_container!.Image.FullName})";
        }
        else if (mode is "local" or "auto")
        {
            var directory = Path.Combine(Path.GetTempPath(), $"newsevents-tests-{Guid.NewGuid():N}"[..30]);
            _cluster = await LocalPostgresCluster.StartAsync(directory, durable: false, deleteOnDispose: true, CancellationToken.None);
            _adminConnectionString = _cluster.ConnectionString;
            Description = "throwaway local cluster";
        }
        else
        {
            throw new InvalidOperationException($"NEWSEVENTS_TEST_POSTGRES_MODE={mode}, but that source is not available.");
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS {TemplateDatabase} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {TemplateDatabase}");
        await using (var db = CreateDbContext(ConnectionStringFor(TemplateDatabase)))
        {
            await db.Database.MigrateAsync();
        }
        NpgsqlConnection.ClearAllPools(); // a template must have no open connections to be cloned
        Report();
    }

    /// <summary>A fresh, fully migrated database of its own.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await _cloneLock.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {TemplateDatabase}");
        }
        finally
        {
            _cloneLock.Release();
        }
        return ConnectionStringFor(name);
    }

    /// <summary>A database of its own with no schema at all, for tests of the migrations themselves.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionStringFor(name);
    }

    public Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    public static NewsEventsDbContext CreateDbContext(string connectionString) =>
        new(new DbContextOptionsBuilder<NewsEventsDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
        else if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        else
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {TemplateDatabase} WITH (FORCE)");
        }
        _cloneLock.Dispose();
    }

    private async Task<bool> TryStartContainerAsync(bool mustWork)
    {
        var image = Environment.GetEnvironmentVariable("NEWSEVENTS_TEST_POSTGRES_IMAGE") ?? DefaultImage;
        try
        {
            _container = new PostgreSqlBuilder(image).Build();
            await _container.StartAsync();
            _adminConnectionString = _container.GetConnectionString();
            return true;
        }
        catch (Exception) when (!mustWork)
        {
            // No Docker engine, or the image cannot be had: fall through to the local cluster.
            if (_container is not null)
            {
                await _container.DisposeAsync();
                _container = null;
            }
            return false;
        }
    }

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database, IncludeErrorDetail = true }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>CI asks which PostgreSQL the tests ran against (NEWSEVENTS_TEST_REPORT names the file).</summary>
    private void Report()
    {
        if (Environment.GetEnvironmentVariable("NEWSEVENTS_TEST_REPORT") is { Length: > 0 } reportFile)
        {
            File.AppendAllText(reportFile, $"NewsEvents.Api.Tests ran against: {Description}{Environment.NewLine}");
        }
    }
}
