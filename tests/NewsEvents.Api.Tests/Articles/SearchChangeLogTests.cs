using System.Security.Cryptography;
using NewsEvents.Api.Tests.Faults;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Search;
using Npgsql;

namespace NewsEvents.Api.Tests.Articles;

/// <summary>The change log an article index is fed from, read by watermark against the real database.</summary>
public sealed class SearchChangeLogTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Fact]
    public async Task A_transaction_that_commits_after_a_later_one_is_not_skipped_by_the_watermark()
    {
        await using var dataSource = NpgsqlDataSource.Create(api.ConnectionString);
        var log = new SearchChangeLog(dataSource);
        var start = (await ReadAsync(log, 0)).Watermark;

        // The earlier transaction writes first (smaller transaction id and sequence number) but commits last.
        await using var earlier = await dataSource.OpenConnectionAsync();
        await using var earlierTransaction = await earlier.BeginTransactionAsync();
        var slow = await InsertArticleAsync(earlier, "slow");
        await using var later = await dataSource.OpenConnectionAsync();
        var fast = await InsertArticleAsync(later, "fast");

        var first = await ReadAsync(log, start);
        await earlierTransaction.CommitAsync();
        var second = await ReadAsync(log, first.Watermark);

        Assert.Contains(fast, first.Articles);
        Assert.DoesNotContain(slow, first.Articles);
        Assert.Contains(slow, second.Articles);
        Assert.True(second.Watermark >= first.Watermark);
    }

    [Fact]
    public async Task Changes_to_what_search_reads_are_logged_and_other_updates_are_not()
    {
        await using var dataSource = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var article = await InsertArticleAsync(connection, "edited");
        // Rows counted, not read by watermark: transactions of other tests' databases in the same cluster can hold any
        // watermark back, so a read after a statement may still return earlier changes.
        var afterInsert = await LoggedAsync(connection, article);

        await ExecuteAsync(connection, "UPDATE articles SET tone = 0.5 WHERE id = $1", article);
        var afterTone = await LoggedAsync(connection, article);
        await ExecuteAsync(connection, "UPDATE articles SET title = 'edited again' WHERE id = $1", article);
        var afterTitle = await LoggedAsync(connection, article);
        await ExecuteAsync(connection, "DELETE FROM articles WHERE id = $1", article);
        var afterDelete = await LoggedAsync(connection, article);

        Assert.Equal([1, 1, 2, 3], new[] { afterInsert, afterTone, afterTitle, afterDelete });
    }

    [Fact]
    public async Task Without_an_index_the_service_still_keeps_the_change_log_to_its_retention()
    {
        await using var dataSource = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        var old = await InsertArticleAsync(connection, "changed long ago");
        var recent = await InsertArticleAsync(connection, "changed just now");
        await ExecuteAsync(connection, "UPDATE search_changes SET changed_at = now() - interval '2 days' WHERE article_id = $1", old);

        // A new host of the same database (no index configured) prunes when it starts.
        using var service = api.WithWebHostBuilder(builder => builder.UseSetting("Search:ChangeRetention", "1.00:00:00"));
        service.CreateClient().Dispose();
        await ServiceRig.WaitUntilAsync(async () => await LoggedAsync(connection, old) == 0, TimeSpan.FromSeconds(30),
            "the change older than the retention pruned");

        Assert.Equal(1, await LoggedAsync(connection, recent));
    }

    private static async Task<long> LoggedAsync(NpgsqlConnection connection, Guid article)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM search_changes WHERE article_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = article });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<SearchChangeLog.Changes> ReadAsync(SearchChangeLog log, ulong watermark) =>
        log.ReadAsync(watermark, (changes, _) => Task.FromResult(changes), CancellationToken.None);

    private static async Task<Guid> InsertArticleAsync(NpgsqlConnection connection, string title)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync(connection, """
            INSERT INTO articles (id, title, body, ingested_at, content_hash, status)
            VALUES ($1, $2, 'A body about the change log.', now(), $3, 'queued')
            """, id, title, RandomNumberGenerator.GetBytes(32));
        return id;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }
}
