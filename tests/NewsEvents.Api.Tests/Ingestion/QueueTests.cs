using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Stories;
using Npgsql;

namespace NewsEvents.Api.Tests.Ingestion;

/// <summary>The durable queue's guarantees, driven directly with a fake clock: nothing here waits on real time.</summary>
public sealed class QueueTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Article_and_its_queue_entry_are_stored_together()
    {
        var article = await api.IngestAsync(TestArticles.New());

        await using var db = api.CreateDbContext();
        var job = await db.IngestionJobs.SingleAsync(j => j.ArticleId == article.Id);
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.LeaseToken);
    }

    [Fact]
    public async Task A_claimed_item_is_invisible_to_other_workers_until_its_lease_expires()
    {
        var (queue, clock) = CreateQueue();
        var article = await api.IngestAsync(TestArticles.New());
        var first = await ClaimAsync(queue, article.Id);
        Assert.Equal(1, first.Attempt);
        Assert.Equal(ArticleStatus.Processing, (await api.GetArticleAsync(article.Id)).Status);

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(await ClaimAllAsync(queue), job => job.ArticleId == article.Id);

        clock.Advance(TimeSpan.FromSeconds(2));
        var second = await ClaimAsync(queue, article.Id);
        Assert.Equal(2, second.Attempt);
    }

    [Fact]
    public async Task A_worker_that_lost_its_lease_cannot_finish_the_item_and_the_new_owner_finishes_it_once()
    {
        var (queue, clock) = CreateQueue();
        var article = await api.IngestAsync(TestArticles.New());
        var stalled = await ClaimAsync(queue, article.Id);
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var takeover = await ClaimAsync(queue, article.Id);

        Assert.False(await queue.CompleteAsync(stalled, new ProcessedArticle("stale title", "stale body", ExtractionResult.Empty), "test", default));
        Assert.True(await queue.CompleteAsync(takeover, new ProcessedArticle("fresh title", "fresh body", ExtractionResult.Empty), "test", default));
        Assert.False(await queue.CompleteAsync(takeover, new ProcessedArticle("again", "again", ExtractionResult.Empty), "test", default));

        var stored = await api.GetArticleAsync(article.Id);
        Assert.Equal(ArticleStatus.Processed, stored.Status);
        Assert.Equal("fresh title", stored.Title);
        await using var db = api.CreateDbContext();
        Assert.False(await db.IngestionJobs.AnyAsync(j => j.ArticleId == article.Id));
    }

    [Fact]
    public async Task A_batch_is_stored_all_or_nothing_and_each_of_its_items_once()
    {
        var (queue, _) = CreateQueue();
        var first = await api.IngestAsync(TestArticles.New());
        var second = await api.IngestAsync(TestArticles.New());
        var claimed = await ClaimAllAsync(queue);
        var jobs = new[] { claimed.Single(job => job.ArticleId == first.Id), claimed.Single(job => job.ArticleId == second.Id) };

        // PostgreSQL refuses text with a NUL character: the second item cannot be stored, so neither is.
        await Assert.ThrowsAsync<PostgresException>(() => queue.CompleteAsync(
            [(jobs[0], new ProcessedArticle("first", "first body", ExtractionResult.Empty)),
             (jobs[1], new ProcessedArticle("second\0", "second body", ExtractionResult.Empty))], "test", default));
        Assert.Equal(ArticleStatus.Processing, (await api.GetArticleAsync(first.Id)).Status);
        await using (var db = api.CreateDbContext())
        {
            Assert.Equal(2, await db.IngestionJobs.CountAsync(j => j.ArticleId == first.Id || j.ArticleId == second.Id));
        }

        var done = await queue.CompleteAsync(
            [(jobs[0], new ProcessedArticle("first", "first body", ExtractionResult.Empty)),
             (jobs[1], new ProcessedArticle("second", "second body", ExtractionResult.Empty))], "test", default);
        var again = await queue.CompleteAsync([(jobs[0], new ProcessedArticle("again", "again", ExtractionResult.Empty))], "test", default);

        Assert.Equal(jobs, done);
        Assert.Empty(again);
        Assert.Equal("first", (await api.GetArticleAsync(first.Id)).Title);
        Assert.Equal(ArticleStatus.Processed, (await api.GetArticleAsync(second.Id)).Status);
    }

    [Fact]
    public async Task A_new_entity_is_created_ahead_of_its_batch_so_it_outlives_a_failed_store_and_is_reused_by_the_retry()
    {
        var (queue, _) = CreateQueue();
        var article = await api.IngestAsync(TestArticles.New());
        var job = await ClaimAsync(queue, article.Id);
        var name = $"Ahead {Guid.NewGuid():N}";
        var entity = new ExtractedEntity(EntityKeys.For(EntityType.Person, name), name, EntityType.Person, null, null, null, null, [], [],
            [new ExtractedMention(new TextSpan(TextField.Body, 0, 5), name)]);
        var extraction = new ExtractionResult([entity], [], [], 0, []);

        await Assert.ThrowsAsync<PostgresException>(() => queue.CompleteAsync(job, new ProcessedArticle("title\0", "body", extraction), "test", default));
        await using (var db = api.CreateDbContext())
        {
            Assert.Equal(0, (await db.Entities.SingleAsync(e => e.Key == entity.Key)).ArticleCount);
        }

        Assert.True(await queue.CompleteAsync(job, new ProcessedArticle("title", "body", extraction), "test", default));
        await using (var db = api.CreateDbContext())
        {
            Assert.Equal(1, (await db.Entities.SingleAsync(e => e.Key == entity.Key)).ArticleCount);
            Assert.Equal(1, await db.EntityAliases.CountAsync(a => a.Key == entity.Key));
        }
    }

    [Fact]
    public async Task A_failed_attempt_is_retried_after_a_backoff_then_parked_as_failed_with_its_error()
    {
        var (queue, clock) = CreateQueue(maxAttempts: 2);
        var article = await api.IngestAsync(TestArticles.New());

        var first = await ClaimAsync(queue, article.Id);
        Assert.True(await queue.FailAsync(first, "boom 1", default));
        var retrying = await api.GetArticleAsync(article.Id);
        Assert.Equal(ArticleStatus.Queued, retrying.Status);
        Assert.Equal("boom 1", retrying.Error);
        Assert.DoesNotContain(await ClaimAllAsync(queue), job => job.ArticleId == article.Id);

        clock.Advance(TimeSpan.FromMinutes(1)); // past the 10 s base delay, whatever the jitter
        var second = await ClaimAsync(queue, article.Id);
        Assert.True(await queue.FailAsync(second, "boom 2", default));

        var parked = await api.GetArticleAsync(article.Id);
        Assert.Equal(ArticleStatus.Failed, parked.Status);
        Assert.Equal("boom 2", parked.Error);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.DoesNotContain(await ClaimAllAsync(queue), job => job.ArticleId == article.Id);
    }

    [Fact]
    public async Task A_released_item_is_available_at_once_and_the_attempt_does_not_count()
    {
        var (queue, _) = CreateQueue();
        var article = await api.IngestAsync(TestArticles.New());
        var claimed = await ClaimAsync(queue, article.Id);

        Assert.True(await queue.ReleaseAsync(claimed, default));

        Assert.Equal(ArticleStatus.Queued, (await api.GetArticleAsync(article.Id)).Status);
        Assert.Equal(1, (await ClaimAsync(queue, article.Id)).Attempt);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 80)]
    [InlineData(30, 600)]
    public void Retry_delay_doubles_per_attempt_up_to_the_cap_with_at_most_a_fifth_of_jitter(int attempt, int expectedSeconds)
    {
        var settings = new IngestionOptions();
        var delay = IngestionQueue.RetryDelay(attempt, settings.RetryBaseDelay, settings.RetryMaxDelay);
        Assert.InRange(delay.TotalSeconds, expectedSeconds, expectedSeconds * 1.2);
    }

    private (IngestionQueue Queue, FakeTimeProvider Clock) CreateQueue(int maxAttempts = 5)
    {
        // Ahead of every real timestamp the test's requests will write, so the items they queue are due.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1));
        var options = Options.Create(new IngestionOptions { LeaseDuration = Lease, MaxAttempts = maxAttempts });
        return (new IngestionQueue(api.Services.GetRequiredService<NpgsqlDataSource>(), clock, options, api.Services.GetRequiredService<StoryClusterer>()), clock);
    }

    /// <summary>Claims until the given article comes up (other tests' items may be ahead of it in the queue).</summary>
    private static async Task<ClaimedJob> ClaimAsync(IngestionQueue queue, Guid articleId) =>
        (await ClaimAllAsync(queue)).SingleOrDefault(job => job.ArticleId == articleId)
        ?? throw new Xunit.Sdk.XunitException($"Article {articleId} could not be claimed.");

    /// <summary>Claims every due item; they stay leased, as a worker holding them would keep them.</summary>
    private static async Task<List<ClaimedJob>> ClaimAllAsync(IngestionQueue queue)
    {
        var claimed = new List<ClaimedJob>();
        while (await queue.ClaimAsync(default) is { } job)
        {
            claimed.Add(job);
        }
        return claimed;
    }
}
