using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Api.Tests.DataSafety;

/// <summary>
/// A store at the previous release's schema (every migration but the latest), holding rows written with plain SQL as
/// that release wrote them: a processed article with its entity, alias and mention, and an article still queued.
/// The service then starts on it as an upgrade does, applying the latest migration itself.
/// </summary>
public sealed class PreviousReleaseApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    public string Word { get; } = TestArticles.UniqueWord();

    public Guid ProcessedArticle { get; } = Guid.NewGuid();

    public Guid QueuedArticle { get; } = Guid.NewGuid();

    public Guid Entity { get; } = Guid.NewGuid();

    public string PreviousMigration { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        ConnectionString = await Postgres.CreateEmptyDatabaseAsync();
        await using (var db = CreateDbContext())
        {
            PreviousMigration = db.Database.GetMigrations().SkipLast(1).Last();
            await db.GetService<IMigrator>().MigrateAsync(PreviousMigration);
        }
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        string[] statements =
        [
            """
            INSERT INTO articles (id, title, body, content_hash, status, ingested_at, processed_at, extractor_version, language, tone, key_phrases)
            VALUES ($1, 'Summit in Vladivostok ' || $4, 'Kim Jong-un met Vladimir Putin in Vladivostok. ' || $4, sha256(convert_to($4 || 'processed', 'UTF8')),
                    'processed', now(), now(), 'extract-3', 'en', 1.5, ARRAY['summit'])
            """,
            "INSERT INTO entities (id, key, canonical_name, type, created_at, article_count, mention_count, first_seen, last_seen) VALUES ($3, 'person:' || $4, 'Upgrade ' || $4, 'person', now(), 1, 1, now(), now())",
            "INSERT INTO entity_aliases (id, entity_id, alias, key) VALUES (gen_random_uuid(), $3, 'Upgrade ' || $4, 'person:' || $4)",
            "INSERT INTO article_entities (article_id, entity_id, mention_count, titles, tone) VALUES ($1, $3, 1, ARRAY[]::text[], 1.5)",
            "INSERT INTO mentions (id, article_id, entity_id, field, start, \"end\", text) VALUES (gen_random_uuid(), $1, $3, 'body', 0, 11, 'Kim Jong-un')",
            """
            INSERT INTO articles (id, title, body, content_hash, status, ingested_at)
            VALUES ($2, 'Talks in Pyongyang ' || $4, 'Jake Sullivan said in Washington that talks went well. ' || $4, sha256(convert_to($4 || 'queued', 'UTF8')), 'queued', now())
            """,
            "INSERT INTO ingestion_jobs (article_id, enqueued_at, available_at, attempts) VALUES ($2, now(), now(), 0)",
        ];
        foreach (var statement in statements)
        {
            await using var insert = new NpgsqlCommand(statement, connection);
            foreach (var value in new object[] { ProcessedArticle, QueuedArticle, Entity, Word })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }
            await insert.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>Migrations are forward-only (the service only ever applies Up) and keep the data of the release before.</summary>
public sealed class MigrationTests(PreviousReleaseApiFactory api) : IClassFixture<PreviousReleaseApiFactory>
{
    [Fact]
    public async Task Migrations_build_the_schema_from_an_empty_database_one_by_one_and_again_changes_nothing()
    {
        var connectionString = await api.Postgres.CreateEmptyDatabaseAsync();
        try
        {
            await using var db = PostgresServer.CreateDbContext(connectionString);
            var migrator = db.GetService<IMigrator>();
            foreach (var migration in db.Database.GetMigrations())
            {
                await migrator.MigrateAsync(migration);
            }
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());

            await db.Database.MigrateAsync(); // what every start-up does: nothing left to apply, nothing fails

            Assert.False(db.Database.HasPendingModelChanges());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task The_service_upgrades_a_store_of_the_previous_release_on_start_and_serves_and_processes_its_data()
    {
        var client = api.CreateClient(); // starts the service, which applies the latest migration

        await using (var db = api.CreateDbContext())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Contains(api.PreviousMigration, await db.Database.GetAppliedMigrationsAsync());
        }
        var processed = await api.GetArticleAsync(api.ProcessedArticle);
        Assert.Equal((ArticleStatus.Processed, $"Summit in Vladivostok {api.Word}", 1.5), (processed.Status, processed.Title, processed.Tone));
        var found = await api.SearchAsync($"q={api.Word}");
        Assert.Contains(found.Items, hit => hit.Id == api.ProcessedArticle);
        using (var entity = await client.GetAsync($"/api/v1/entities/{api.Entity}"))
        {
            Assert.Equal(HttpStatusCode.OK, entity.StatusCode);
            Assert.Contains($"Upgrade {api.Word}", await entity.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var mentioned = await client.GetAsync($"/api/v1/entities/{api.Entity}/articles"))
        {
            Assert.Contains(api.ProcessedArticle.ToString(), await mentioned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Work queued under the old release is picked up by the new one's workers, and new work goes through too.
        await api.WaitForStatusAsync(api.QueuedArticle, ArticleStatus.Processed);
        var fresh = await api.IngestAndProcessAsync(TestArticles.New(title: $"After the upgrade {api.Word}"));
        Assert.NotNull((await client.GetFromJsonAsync<ArticleResponse>($"/api/v1/articles/{fresh.Id}", NewsEventsApiFactory.Json))!.ProcessedAt);
    }
}
