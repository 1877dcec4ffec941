using System.Security.Cryptography;
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
        var log = new SearchChangeLog(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        var article = await InsertArticleAsync(connection, "edited");
        var afterInsert = (await ReadAsync(log, 0)).Watermark;

        await ExecuteAsync(connection, "UPDATE articles SET tone = 0.5 WHERE id = $1", article);
        var afterTone = await ReadAsync(log, afterInsert);
        await ExecuteAsync(connection, "UPDATE articles SET title = 'edited again' WHERE id = $1", article);
        var afterTitle = await ReadAsync(log, afterTone.Watermark);
        await ExecuteAsync(connection, "DELETE FROM articles WHERE id = $1", article);
        var afterDelete = await ReadAsync(log, afterTitle.Watermark);

        Assert.DoesNotContain(article, afterTone.Articles);
        Assert.Contains(article, afterTitle.Articles);
        Assert.Contains(article, afterDelete.Articles);
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
