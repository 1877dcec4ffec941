using System.Diagnostics;
using Npgsql;

namespace NewsEvents.Core.Hosting;

/// <summary>
/// A private PostgreSQL cluster run from the binaries installed on this machine, reached through a Unix socket in
/// its own data folder (no TCP port to collide with). Used by the run command when no connection string is
/// configured, and by the tests as their last resort. PostgreSQL refuses to run as root, so as root the server
/// runs as the <c>postgres</c> user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    public const string DatabaseName = "newsevents";
    private const string ServiceUser = "postgres";

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly bool _deleteOnDispose;

    private readonly bool _durable;

    /// <summary>Whether this instance started the server: one found running belongs to someone else and stays up.</summary>
    private bool _startedServer;

    private LocalPostgresCluster(string binDirectory, string dataDirectory, bool durable, bool deleteOnDispose)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        _durable = durable;
        _deleteOnDispose = deleteOnDispose;
    }

    /// <summary>Where the server keeps its data and its Unix socket (the host for psql, pg_dump and pg_restore).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>The server binaries this cluster runs (pg_dump and pg_restore of the same version live beside them).</summary>
    public string BinDirectory => _binDirectory;

    /// <summary>Connects as the cluster's superuser to the <see cref="DatabaseName"/> database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = _dataDirectory,
        Username = ServiceUser,
        Database = DatabaseName,
    }.ConnectionString;

    /// <summary>Starts the cluster in <paramref name="dataDirectory"/>, creating it first if needed; reuses one already running there (and leaves that one running when disposed).</summary>
    /// <param name="durable">False for throwaway clusters: no fsync, which makes tests several times faster.</param>
    public static async Task<LocalPostgresCluster> StartAsync(string dataDirectory, bool durable, bool deleteOnDispose, CancellationToken cancellationToken)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        var cluster = new LocalPostgresCluster(FindBinDirectory(), dataDirectory, durable, deleteOnDispose);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            Directory.CreateDirectory(dataDirectory);
            await RunAsync("chown", ["-R", ServiceUser, dataDirectory], asServiceUser: false, cancellationToken, onlyAsRoot: true);
            await RunAsync(cluster.Tool("initdb"),
                ["-D", dataDirectory, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
                asServiceUser: true, cancellationToken);
        }
        if (!await cluster.IsRunningAsync(cancellationToken))
        {
            await cluster.StartServerAsync(cancellationToken);
        }
        await cluster.EnsureDatabaseAsync(cancellationToken);
        return cluster;
    }

    /// <summary>
    /// Starts a hot standby of this cluster in <paramref name="dataDirectory"/>: a base backup that streams the
    /// primary's write-ahead log from then on (pg_basebackup -R writes the standby's connection to the primary).
    /// </summary>
    public async Task<LocalPostgresCluster> StartStandbyAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        await RunAsync(Tool("pg_basebackup"),
            ["-D", dataDirectory, "-h", _dataDirectory, "-p", "5432", "-U", ServiceUser, "--write-recovery-conf", "--wal-method=stream", "--no-sync"],
            asServiceUser: true, cancellationToken);
        // The primary's socket lives in its data folder, so the copy carries the primary's socket lock.
        File.Delete(Path.Combine(dataDirectory, ".s.PGSQL.5432.lock"));
        return await StartAsync(dataDirectory, _durable, _deleteOnDispose, cancellationToken);
    }

    /// <summary>Stops the server (a fast shutdown: open sessions are ended) and keeps its data; <see cref="StartServerAsync"/> brings it back.</summary>
    public Task StopServerAsync(CancellationToken cancellationToken) =>
        RunAsync(Tool("pg_ctl"), ["-D", _dataDirectory, "-m", "fast", "-w", "stop"], asServiceUser: true, cancellationToken);

    public async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var settings = $"-c listen_addresses='' -k {_dataDirectory} -p 5432" +
            (_durable ? "" : " -c fsync=off -c full_page_writes=off -c synchronous_commit=off");
        await RunAsync(Tool("pg_ctl"),
            ["-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "60", "-o", settings, "start"],
            asServiceUser: true, cancellationToken);
        _startedServer = true;
    }

    /// <summary>
    /// Whether the server, which runs as the postgres user when we are root, can reach <paramref name="directory"/>:
    /// a clone under root's private home cannot be.
    /// </summary>
    public static async Task<bool> IsReachableByServerAsync(string directory, CancellationToken cancellationToken)
    {
        var existing = new DirectoryInfo(Path.GetFullPath(directory));
        while (!existing.Exists && existing.Parent is not null)
        {
            existing = existing.Parent;
        }
        return await RunAsync("test", ["-x", existing.FullName], asServiceUser: true, cancellationToken, allowFailure: true) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        // A shared store (a benchmark's, reused while another command reads or builds it) is left running for its owner.
        if ((_startedServer || _deleteOnDispose) && await IsRunningAsync(CancellationToken.None))
        {
            await StopServerAsync(CancellationToken.None);
        }
        if (_deleteOnDispose)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken cancellationToken) =>
        await RunAsync(Tool("pg_ctl"), ["-D", _dataDirectory, "status"], asServiceUser: true, cancellationToken, allowFailure: true) == 0;

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new() { Value = DatabaseName });
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private string Tool(string name) => Path.Combine(_binDirectory, name);

    /// <summary>The newest PostgreSQL under /usr/lib/postgresql (Debian's layout), else the one pg_ctl on PATH belongs to.</summary>
    private static string FindBinDirectory()
    {
        const string DebianRoot = "/usr/lib/postgresql";
        var debian = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : 0))
                .Where(candidate => File.Exists(Path.Combine(candidate.Dir, "pg_ctl")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Dir)
                .FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
        return debian ?? onPath ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin and on PATH). Install PostgreSQL " +
            "(apt-get install postgresql-15), or set ConnectionStrings__NewsEvents to a server you have, or use docker compose.");
    }

    private static async Task<int> RunAsync(
        string program, string[] arguments, bool asServiceUser, CancellationToken cancellationToken,
        bool allowFailure = false, bool onlyAsRoot = false)
    {
        var isRoot = Environment.UserName == "root";
        if (onlyAsRoot && !isRoot)
        {
            return 0;
        }
        var start = new ProcessStartInfo
        {
            FileName = asServiceUser && isRoot ? "runuser" : program,
            // The service user must be able to read its working directory.
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asServiceUser && isRoot)
        {
            foreach (var prefix in new[] { "-u", ServiceUser, "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} failed ({process.ExitCode}): {await errors}{await output}".Trim());
        }
        return process.ExitCode;
    }
}
