using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewsEvents.Core;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Hosting;
using Serilog;

namespace NewsEvents.Api.Infrastructure;

/// <summary>The "SampleData" configuration section.</summary>
public sealed class SampleDataOptions
{
    public const string Section = "SampleData";

    /// <summary>Ingest the articles in Samples/ when the database holds none, so a first run has something to search.</summary>
    public bool Enabled { get; set; } = true;
}

internal static class DatabaseStartup
{
    private const string SampleSource = "NewsEvents samples";

    /// <summary>
    /// Without a configured connection string, starts (or reuses) the private cluster under the repository's .data/
    /// folder, when <c>LocalPostgres:Enabled</c> allows it (Development does). The caller stops it by disposing it.
    /// </summary>
    public static async Task<LocalPostgresCluster?> UseLocalPostgresWhenUnconfiguredAsync(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ServiceCollectionExtensions.ConnectionStringName))
            || !configuration.GetValue<bool>("LocalPostgres:Enabled"))
        {
            return null;
        }
        var repository = FindRepositoryRoot(builder.Environment.ContentRootPath);
        var dataDirectory = configuration["LocalPostgres:DataDirectory"] ?? Path.Combine(repository, ".data", "postgres");
        if (!await LocalPostgresCluster.IsReachableByServerAsync(dataDirectory, CancellationToken.None))
        {
            var fallback = Path.Combine("/var/tmp", $"newsevents-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repository)))[..12]}", "postgres");
            Log.Warning("The postgres user cannot reach {DataDirectory}; keeping the local cluster in {Fallback} instead", dataDirectory, fallback);
            dataDirectory = fallback;
        }
        Log.Information("Using the local PostgreSQL cluster in {DataDirectory}", dataDirectory);
        var cluster = await LocalPostgresCluster.StartAsync(dataDirectory, durable: true, deleteOnDispose: false, CancellationToken.None);
        configuration[$"ConnectionStrings:{ServiceCollectionExtensions.ConnectionStringName}"] = cluster.ConnectionString;
        return cluster;
    }

    /// <summary>Applies migrations (unless switched off) and ingests the samples into an empty store (unless switched off).</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<NewsEventsDbContext>();
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            // Building an index on a large table may take longer than requests are allowed to.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SET statement_timeout = 0");
            await db.Database.MigrateAsync();
            await db.Database.CloseConnectionAsync();
        }
        if (services.GetRequiredService<IOptions<SampleDataOptions>>().Value.Enabled && !await db.Articles.AnyAsync())
        {
            var ingestor = services.GetRequiredService<ArticleIngestor>();
            foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.txt").Order())
            {
                var lines = await File.ReadAllLinesAsync(file);
                await ingestor.IngestAsync(
                    new NewArticle(lines[0], string.Join('\n', lines.Skip(1)), Source: SampleSource, Language: "en"),
                    CancellationToken.None);
            }
        }
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsEvents.sln")))
            {
                return dir.FullName;
            }
        }
        return start;
    }
}
