using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Admin;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Tests.Reprocessing;

/// <summary>POST /admin/reprocess and its jobs, with the real workers re-running extraction.</summary>
public sealed class ReprocessTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    [Fact]
    public async Task Reprocess_by_date_range_reruns_exactly_the_matching_articles_and_replaces_their_results()
    {
        var window = UniqueWindow();
        var inside = await ProcessArticlesAsync(null, window.From.AddMinutes(5), window.From.AddMinutes(50));
        var outside = await ProcessArticlesAsync(null, window.To, window.From.AddMinutes(-1));
        var before = await SnapshotAsync([.. inside, .. outside]);

        using var response = await api.CreateClient().PostAsJsonAsync("/api/v1/admin/reprocess", new { from = window.From, to = window.To });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<ReprocessJobResponse>(NewsEventsApiFactory.Json))!;
        Assert.Equal($"/api/v1/admin/jobs/{accepted.Id}", response.Headers.Location?.AbsolutePath);
        Assert.Equal(ReprocessJobStatus.Pending, accepted.Status);
        Assert.Equal(window.From, accepted.Filter.From);

        var job = await WaitForCompletionAsync(accepted.Id);
        Assert.Equal((2, 2, 2, 0), (job.Total, job.Queued, job.Processed, job.Failed));
        Assert.NotNull(job.FinishedAt);

        var after = await SnapshotAsync([.. inside, .. outside]);
        foreach (var id in inside)
        {
            Assert.True(after[id].ProcessedAt > before[id].ProcessedAt, "a matching article was not processed again");
            Assert.Equal(before[id] with { ProcessedAt = default }, after[id] with { ProcessedAt = default });
        }
        foreach (var id in outside)
        {
            Assert.Equal(before[id], after[id]);
        }
        await using var db = api.CreateDbContext();
        Assert.Equal(inside.Order(), (await db.ReprocessJobArticles.Where(ja => ja.JobId == job.Id).Select(ja => ja.ArticleId).ToListAsync()).Order());
        Assert.False(await db.IngestionJobs.AnyAsync(j => inside.Contains(j.ArticleId)));
    }

    [Fact]
    public async Task Reprocess_by_source_matches_the_name_case_insensitively_and_leaves_other_sources_alone()
    {
        var source = $"Reprocess Wire {TestArticles.UniqueWord()}";
        var window = UniqueWindow();
        var ofSource = await ProcessArticlesAsync(source, window.From, window.From.AddMinutes(1));
        var ofOther = await ProcessArticlesAsync($"Other {TestArticles.UniqueWord()}", window.From.AddMinutes(2));
        var before = await SnapshotAsync([.. ofSource, .. ofOther]);

        var job = await WaitForCompletionAsync((await StartAsync(new { source = source.ToUpperInvariant() })).Id);

        Assert.Equal((2, 2, 0), (job.Total, job.Processed, job.Failed));
        var after = await SnapshotAsync([.. ofSource, .. ofOther]);
        Assert.All(ofSource, id => Assert.True(after[id].ProcessedAt > before[id].ProcessedAt));
        Assert.Equal(before[ofOther[0]], after[ofOther[0]]);
    }

    [Fact]
    public async Task Reprocess_by_extractor_version_reruns_only_results_of_other_versions()
    {
        var source = $"Versioned {TestArticles.UniqueWord()}";
        var window = UniqueWindow();
        var articles = await ProcessArticlesAsync(source, window.From, window.From.AddMinutes(1));
        await using (var db = api.CreateDbContext())
        {
            await db.Articles.Where(a => a.Id == articles[0]).ExecuteUpdateAsync(set => set.SetProperty(a => a.ExtractorVersion, "0.1-old"));
        }
        var before = await SnapshotAsync(articles);

        var current = await WaitForCompletionAsync((await StartAsync(new { source, extractorVersion = ArticleExtractor.Version })).Id);
        var others = await WaitForCompletionAsync((await StartAsync(new { source, extractorVersion = $"!{ArticleExtractor.Version}" })).Id);

        Assert.Equal((1, 1), (current.Total, current.Processed));
        Assert.Equal((1, 1), (others.Total, others.Processed));
        await using var check = api.CreateDbContext();
        Assert.Equal(2, await check.Articles.CountAsync(a => articles.Contains(a.Id) && a.ExtractorVersion == ArticleExtractor.Version));
        Assert.True((await SnapshotAsync(articles))[articles[0]].ProcessedAt > before[articles[0]].ProcessedAt);
    }

    [Fact]
    public async Task A_job_that_matches_nothing_completes_empty()
    {
        var window = UniqueWindow();

        var job = await WaitForCompletionAsync((await StartAsync(new { from = window.From, to = window.To })).Id);

        Assert.Equal((0, 0, 0, 0), (job.Total, job.Queued, job.Processed, job.Failed));
    }

    [Fact]
    public async Task Jobs_are_listed_newest_first_in_keyset_pages()
    {
        var source = $"Listed {TestArticles.UniqueWord()}";
        await ProcessArticlesAsync(source, UniqueWindow().From);
        var started = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            started.Add((await StartAsync(new { source })).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = (await api.CreateClient().GetFromJsonAsync<JobPage>(
                $"/api/v1/admin/jobs?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", NewsEventsApiFactory.Json))!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(j => j.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Equal(started.AsEnumerable().Reverse(), seen.Where(started.Contains));
    }

    [Theory]
    [InlineData("""{"from":"2026-11-08T00:00:00Z","to":"2026-11-01T00:00:00Z"}""")]
    [InlineData("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-01T00:00:00Z"}""")]
    [InlineData("""{"from":"0001-01-01T00:00:00Z"}""")]
    [InlineData("""{"to":"9999-12-31T23:59:59Z"}""")]
    [InlineData("""{"sources":"Reuters"}""")]
    [InlineData("""{"extractorVersion":"!"}""")]
    [InlineData("""{"extractorVersion":"two words"}""")]
    [InlineData("""{"from":"yesterday"}""")]
    [InlineData("""{"source":"No Such Source Zqxv"}""")]
    public async Task An_invalid_filter_is_a_400_problem_and_starts_no_job(string body)
    {
        await using var db = api.CreateDbContext();
        var jobsBefore = await db.ReprocessJobs.CountAsync();

        using var response = await api.CreateClient().PostAsync("/api/v1/admin/reprocess", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(jobsBefore, await db.ReprocessJobs.CountAsync());
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_problem_and_a_forged_cursor_a_400()
    {
        await ProblemAssertions.AssertProblemAsync(await api.CreateClient().GetAsync($"/api/v1/admin/jobs/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await api.CreateClient().GetAsync("/api/v1/admin/jobs?cursor=bm90LW91cnM"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reprocessing_needs_an_admin_key()
    {
        var writer = await api.CreateClientWithKeyAsync("reprocess-writer", "write");
        var anonymous = api.CreateAnonymousClient();

        await ProblemAssertions.AssertProblemAsync(await writer.PostAsJsonAsync("/api/v1/admin/reprocess", new { }), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await writer.GetAsync("/api/v1/admin/jobs"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/admin/reprocess", new { }), HttpStatusCode.Unauthorized);
        await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync($"/api/v1/admin/jobs/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
    }

    private sealed record JobPage(List<ReprocessJobResponse> Items, string? NextCursor);

    /// <summary>What one article's processing left behind; equal before and after a rerun when reprocessing is idempotent.</summary>
    private sealed record ArticleResults(
        DateTimeOffset? ProcessedAt, string? ExtractorVersion, int Entities, int Mentions, int Quotes, int Events, int EntityDailyArticles);

    /// <summary>An hour of publication time in the 1950s that no other test uses.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) UniqueWindow()
    {
        var from = new DateTimeOffset(1950, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(0, 24 * 365 * 9));
        return (from, from.AddHours(1));
    }

    /// <summary>Ingests one article per publication time (with people, places and a quote in it) and waits until all are processed.</summary>
    private async Task<List<Guid>> ProcessArticlesAsync(string? source, params DateTimeOffset[] publishedAt)
    {
        var ids = new List<Guid>();
        foreach (var at in publishedAt)
        {
            var word = TestArticles.UniqueWord();
            ids.Add((await api.IngestAsync(TestArticles.New(
                title: $"Summit {word}",
                body: $"Kim Jong-un met Vladimir Putin in Vladivostok on {word}. \"We will cooperate,\" Putin said in Moscow.",
                source: source,
                publishedAt: at))).Id);
        }
        foreach (var id in ids)
        {
            await api.WaitForStatusAsync(id, ArticleStatus.Processed);
        }
        return ids;
    }

    private async Task<Dictionary<Guid, ArticleResults>> SnapshotAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var db = api.CreateDbContext();
        var results = new Dictionary<Guid, ArticleResults>();
        foreach (var id in ids)
        {
            var article = await db.Articles.AsNoTracking().SingleAsync(a => a.Id == id);
            var entities = await db.ArticleEntities.Where(ae => ae.ArticleId == id).Select(ae => ae.EntityId).ToListAsync();
            Assert.NotEmpty(entities);
            results[id] = new ArticleResults(
                article.ProcessedAt, article.ExtractorVersion, entities.Count,
                await db.Mentions.CountAsync(m => m.ArticleId == id),
                await db.Quotes.CountAsync(q => q.ArticleId == id),
                await db.Events.CountAsync(e => e.ArticleId == id),
                await db.EntityDailyMentions.Where(d => entities.Contains(d.EntityId) && d.Day == DateOnly.FromDateTime(article.PublishedOrIngestedAt.UtcDateTime)).SumAsync(d => d.Articles));
        }
        return results;
    }

    private Task<ReprocessJobResponse> StartAsync(object filter) => ReprocessJobClient.StartAsync(api.CreateClient(), filter);

    private Task<ReprocessJobResponse> WaitForCompletionAsync(Guid id) => ReprocessJobClient.WaitForCompletionAsync(api.CreateClient(), id);
}

internal static class ReprocessJobClient
{
    public static async Task<ReprocessJobResponse> StartAsync(HttpClient client, object filter)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/admin/reprocess", filter, NewsEventsApiFactory.Json);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReprocessJobResponse>(NewsEventsApiFactory.Json))!;
    }

    public static Task<ReprocessJobResponse> GetAsync(HttpClient client, Guid id) =>
        client.GetFromJsonAsync<ReprocessJobResponse>($"/api/v1/admin/jobs/{id}", NewsEventsApiFactory.Json)!;

    public static async Task<ReprocessJobResponse> WaitForCompletionAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var job = await GetAsync(client, id);
            if (job.Status == ReprocessJobStatus.Completed)
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Job {id} is still {job.Status}: {job.Processed} of {job.Total} processed.");
            await Task.Delay(100);
        }
    }
}
