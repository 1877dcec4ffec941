using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Hosting;
using Npgsql;
using NpgsqlTypes;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// <c>benchmark-ingest --import</c>: how fast articles are accepted in bulk (the batch endpoint over HTTP, and the
/// ingestor it uses without HTTP) beside raw binary COPY of the same rows into the same table, in the same run, in a
/// throwaway cluster with fsync on. Each path starts from empty tables.
/// </summary>
internal static class ImportBenchmark
{
    /// <summary>The in-process service's admin key: the batch endpoint needs one.</summary>
    private const string BenchmarkKey = "ne_import-benchmark-key-0123456789abcdef";

    private const string Columns =
        "id, source_id, url, canonical_url, title, body, author, language, published_at, ingested_at, content_hash, status";

    public static async Task<int> RunAsync(Options options)
    {
        var corpus = options.Get("corpus") ?? Corpus.DefaultPath;
        var chunkSize = options.GetInt("batch", 500);
        // Exact duplicates dropped first: raw COPY into the uniquely indexed table must not meet any.
        var articles = Corpus.Read(corpus).Take(options.GetInt("articles", int.MaxValue))
            .DistinctBy(a => Convert.ToHexString(ArticleIngestor.Prepare(a).ContentHash))
            .ToList();
        var rows = articles.Select(ArticleIngestor.Prepare).ToList();
        var megabytes = articles.Sum(a => Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Body)) / 1e6;
        Console.WriteLine(Invariant($"{corpus}: {articles.Count} distinct articles, {megabytes:F1} MB; chunks of {chunkSize}; {Environment.ProcessorCount} cores"));

        var directory = Path.Combine(Path.GetTempPath(), $"newsevents-bench-{Guid.NewGuid():N}"[..30]);
        await using var cluster = await LocalPostgresCluster.StartAsync(directory, durable: true, deleteOnDispose: true, CancellationToken.None);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:NewsEvents"] = cluster.ConnectionString,
            ["Ingestion:Enabled"] = "false", // acceptance only: nothing processes the queue meanwhile
            ["ArticleBatch:ChunkSize"] = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Auth:BootstrapAdminKey"] = BenchmarkKey,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.BuildNewsEventsApi();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<NewsEventsDbContext>().MigrateAsync();
        }
        await app.EnsureConfiguredKeysAsync();
        await app.StartAsync();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        var file = Path.Combine(Path.GetTempPath(), $"newsevents-import-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllLinesAsync(file, articles.Select(ToNdjson));
        try
        {
            var copy = await TimeAsync(dataSource, () => CopyAsync(dataSource, rows));
            var staged = await TimeAsync(dataSource, () => CopyThroughStagingAsync(dataSource, rows, chunkSize));
            var unnested = await TimeAsync(dataSource, () => InsertFromArraysAsync(dataSource, rows, chunkSize));
            var ingestor = await TimeAsync(dataSource, () => IngestAsync(app.Services, articles, chunkSize));
            var http = await TimeAsync(dataSource, async () =>
            {
                using var client = ImportCommand.CreateClient(app.Urls.First(), BenchmarkKey);
                var result = await new BatchImporter(client, new SilentObserver()).ImportAsync(file, chunkSize, CancellationToken.None);
                if (result.Accepted != articles.Count)
                {
                    throw new InvalidOperationException($"The batch endpoint accepted {result.Accepted} of {articles.Count}.");
                }
            });

            Console.WriteLine();
            Console.WriteLine("| path | articles | seconds | articles/s | MB/s | ratio |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            IngestBenchmark.Row("raw binary COPY into articles (baseline: no dedup, no queue)", articles.Count, copy, megabytes, 1);
            IngestBenchmark.Row("COPY into a staging table + INSERT … ON CONFLICT (articles only)", articles.Count, staged, megabytes, copy / staged);
            IngestBenchmark.Row("unnest(array parameters) + INSERT … ON CONFLICT (articles only)", articles.Count, unnested, megabytes, copy / unnested);
            IngestBenchmark.Row("ArticleIngestor, chunked (unnest + ON CONFLICT, queue, counts)", articles.Count, ingestor, megabytes, copy / ingestor);
            IngestBenchmark.Row("POST /api/v1/articles/batch over HTTP (newsevents import)", articles.Count, http, megabytes, copy / http);
            Console.WriteLine();
            Console.WriteLine("ratio: throughput relative to raw COPY (1 = as fast as COPY).");
        }
        finally
        {
            File.Delete(file);
            await app.StopAsync();
        }
        return 0;
    }

    /// <summary>Seconds <paramref name="run"/> takes, from empty tables.</summary>
    private static async Task<double> TimeAsync(NpgsqlDataSource dataSource, Func<Task> run)
    {
        await using (var truncate = dataSource.CreateCommand(
            "TRUNCATE articles, ingestion_jobs, daily_articles, source_daily_articles, sources CASCADE; CHECKPOINT"))
        {
            await truncate.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task IngestAsync(IServiceProvider services, List<NewArticle> articles, int chunkSize)
    {
        foreach (var chunk in articles.Chunk(chunkSize))
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsEventsDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<ArticleIngestor>().IngestAsync(chunk, CancellationToken.None);
            await transaction.CommitAsync();
        }
    }

    /// <summary>The alternative to unnest: each chunk copied into a temporary table, then inserted from it.</summary>
    private static async Task CopyThroughStagingAsync(NpgsqlDataSource dataSource, List<ArticleIngestor.Row> rows, int chunkSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE staging ON COMMIT DELETE ROWS AS SELECT {Columns} FROM articles WITH NO DATA", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        foreach (var chunk in rows.Chunk(chunkSize))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await CopyAsync(connection, "staging", chunk);
            await using var insert = new NpgsqlCommand(
                $"INSERT INTO articles ({Columns}) SELECT {Columns} FROM staging ON CONFLICT DO NOTHING", connection, transaction);
            await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        // The pool does not reset sessions (StoreConnections): the next run on this connection creates it again.
        await using var drop = new NpgsqlCommand("DROP TABLE staging", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>What ArticleIngestor does for the articles table alone: each chunk sent as one array per column.</summary>
    private static async Task InsertFromArraysAsync(NpgsqlDataSource dataSource, List<ArticleIngestor.Row> rows, int chunkSize)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in rows.Chunk(chunkSize))
        {
            await using var insert = dataSource.CreateCommand($"""
                INSERT INTO articles ({Columns})
                SELECT id, NULL, url, canonical_url, title, body, author, language, published_at, $1, content_hash, 'queued'
                FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::bytea[])
                     AS r(id, url, canonical_url, title, body, author, language, published_at, content_hash)
                ON CONFLICT DO NOTHING
                """);
            foreach (var values in new object[]
            {
                now, chunk.Select(_ => Guid.CreateVersion7(now)).ToArray(), chunk.Select(r => r.Url).ToArray(),
                chunk.Select(r => r.CanonicalUrl).ToArray(), chunk.Select(r => r.Title).ToArray(), chunk.Select(r => r.Body).ToArray(),
                chunk.Select(r => r.Author).ToArray(), chunk.Select(r => r.Language).ToArray(),
                chunk.Select(r => r.PublishedAt).ToArray(), chunk.Select(r => r.ContentHash).ToArray(),
            })
            {
                insert.Parameters.Add(new() { Value = values });
            }
            await insert.ExecuteNonQueryAsync();
        }
    }

    private static async Task CopyAsync(NpgsqlDataSource dataSource, List<ArticleIngestor.Row> rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await CopyAsync(connection, "articles", rows);
    }

    /// <summary>Binary COPY of the rows, unlinked to sources (raw COPY stores what it is given, nothing more).</summary>
    private static async Task CopyAsync(NpgsqlConnection connection, string table, IEnumerable<ArticleIngestor.Row> rows)
    {
        var now = DateTimeOffset.UtcNow;
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({Columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(now), NpgsqlDbType.Uuid);
            await writer.WriteNullAsync();
            await WriteAsync(writer, row.Url, NpgsqlDbType.Text);
            await WriteAsync(writer, row.CanonicalUrl, NpgsqlDbType.Text);
            await writer.WriteAsync(row.Title, NpgsqlDbType.Text);
            await writer.WriteAsync(row.Body, NpgsqlDbType.Text);
            await WriteAsync(writer, row.Author, NpgsqlDbType.Text);
            await WriteAsync(writer, row.Language, NpgsqlDbType.Text);
            await WriteAsync(writer, row.PublishedAt, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(row.ContentHash, NpgsqlDbType.Bytea);
            await writer.WriteAsync("queued", NpgsqlDbType.Text);
        }
        await writer.CompleteAsync();
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, type);

    /// <summary>The corpus line shape the batch endpoint reads.</summary>
    private static string ToNdjson(NewArticle article) => JsonSerializer.Serialize(new
    {
        title = article.Title,
        body = article.Body,
        published_at = article.PublishedAt,
        source = article.Source,
        url = article.Url,
        language = article.Language,
    });

    private sealed class SilentObserver : IImportObserver
    {
        public void Progress(ImportProgress progress)
        {
        }

        public void Rejected(long line, string reason)
        {
        }
    }
}
