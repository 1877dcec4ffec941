using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Articles;

/// <summary>POST /api/v1/articles/batch through HTTP: per-item answers, dedup within and across batches, limits.</summary>
public sealed class BatchImportTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    private const string BatchPath = "/api/v1/articles/batch";

    [Fact]
    public async Task Ndjson_lines_are_answered_in_order_with_their_line_numbers()
    {
        var word = TestArticles.UniqueWord();
        var existing = await api.IngestAsync(TestArticles.New(url: $"https://example.com/{word}/existing"));
        var lines = new[]
        {
            Item($"First {word}", url: $"https://example.com/{word}/1"),         // 1 accepted
            Item($"Reposted {word}", url: $"https://EXAMPLE.com/{word}/existing?utm_source=x"), // 2 duplicate of a stored article
            """{"body": "A text without a title."}""",                              // 3 rejected: no title
            "",                                                                     // 4 blank: no item
            """{"title": "Broken", "body": """,                                     // 5 rejected: not JSON
            Item($"Second {word}"),                                                 // 6 accepted
            Item($"First again {word}", url: $"https://example.com/{word}/1/"),     // 7 duplicate of line 1
            Item($"Bad link {word}", url: "ftp://example.com/file"),                // 8 rejected: not http(s)
        };

        var batch = await PostBatchAsync(string.Join('\n', lines) + "\n");

        Assert.Equal([1, 2, 3, 5, 6, 7, 8], batch.Items.Select(i => i.Line!.Value));
        Assert.All(batch.Items, i => Assert.Null(i.Index));
        Assert.Equal(
            [BatchItemStatus.Accepted, BatchItemStatus.Duplicate, BatchItemStatus.Rejected, BatchItemStatus.Rejected,
             BatchItemStatus.Accepted, BatchItemStatus.Duplicate, BatchItemStatus.Rejected],
            batch.Items.Select(i => i.Status));
        Assert.Equal((2, 2, 3), (batch.Accepted, batch.Duplicate, batch.Rejected));
        Assert.Equal(existing.Id, batch.Items[1].Id);
        Assert.Equal(batch.Items[0].Id, batch.Items[5].Id);
        Assert.Equal(["title"], batch.Items[2].Errors!.Keys);
        Assert.StartsWith("title: ", batch.Items[2].Reason, StringComparison.Ordinal);
        Assert.StartsWith("Not a readable article", batch.Items[3].Reason, StringComparison.Ordinal);
        Assert.Equal(["url"], batch.Items[6].Errors!.Keys);

        await using var db = api.CreateDbContext();
        Assert.Equal(2, await db.Articles.CountAsync(a => a.Title.Contains(word)));
        // Acknowledged means queued: each accepted article has its queue entry.
        var accepted = batch.Items.Where(i => i.Status == BatchItemStatus.Accepted).Select(i => i.Id!.Value).ToList();
        Assert.Equal(2, await db.IngestionJobs.CountAsync(j => accepted.Contains(j.ArticleId)));
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_first_line_is_ignored()
    {
        var batch = await PostBatchAsync("\uFEFF" + Item($"Marked {TestArticles.UniqueWord()}"));

        Assert.Equal(BatchItemStatus.Accepted, Assert.Single(batch.Items).Status);
    }

    [Fact]
    public async Task Items_take_the_corpus_shape_and_a_time_without_offset_is_utc()
    {
        var word = TestArticles.UniqueWord();
        var line = JsonSerializer.Serialize(new
        {
            title = $"COCOA REVIEW {word}",
            body = "Showers continued throughout the week in the Bahia cocoa zone.",
            published_at = "1987-02-26T15:01:01",
            source = $"Wire {word}",
            url = $"https://example.com/{word}",
            author = "Jane Doe",
            language = "EN",
            topics = (string[])["cocoa"],
            dateline = "SALVADOR, Feb 26",
        });

        var batch = await PostBatchAsync(line);

        var article = await api.GetArticleAsync(Assert.Single(batch.Items).Id!.Value);
        Assert.Equal(new DateTimeOffset(1987, 2, 26, 15, 1, 1, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal($"Wire {word}", article.Source);
        Assert.Equal("Jane Doe", article.Author);
        Assert.Equal("en", article.Language);
        Assert.Equal($"https://example.com/{word}", article.CanonicalUrl);
    }

    [Fact]
    public async Task A_json_array_is_answered_by_index()
    {
        var word = TestArticles.UniqueWord();
        var json = $"[{Item($"One {word}")}, {{\"title\": 5, \"body\": \"x\"}}, null, {Item($"One {word}")}, {Item($"Two {word}")}]";

        var batch = await PostBatchAsync(json, "application/json");

        Assert.Equal([0, 1, 2, 3, 4], batch.Items.Select(i => i.Index!.Value));
        Assert.Equal(
            [BatchItemStatus.Accepted, BatchItemStatus.Rejected, BatchItemStatus.Rejected, BatchItemStatus.Duplicate, BatchItemStatus.Accepted],
            batch.Items.Select(i => i.Status));
        Assert.Equal(batch.Items[0].Id, batch.Items[3].Id);
        Assert.Contains("title", batch.Items[1].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", batch.Items[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_array_that_breaks_off_is_a_400_listing_what_was_stored_before()
    {
        var word = TestArticles.UniqueWord();
        var json = $"[{Item($"Kept {word}")}, {Item($"Also kept {word}")}, {{\"title\": \"Cut";

        using var response = await PostAsync(json, "application/json");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(2, problem.GetProperty("accepted").GetInt32());
        Assert.Equal(2, problem.GetProperty("items").GetArrayLength());
        await using var db = api.CreateDbContext();
        Assert.Equal(2, await db.Articles.CountAsync(a => a.Title.Contains(word)));
    }

    [Fact]
    public async Task Duplicates_are_found_across_chunks_of_one_batch()
    {
        await using var small = WithSettings(("ArticleBatch:ChunkSize", "2"));
        var word = TestArticles.UniqueWord();
        var lines = Enumerable.Range(1, 5).Select(n => Item($"Item {n} {word}")).Append(Item($"Item 1 {word}"));

        var batch = await PostBatchAsync(string.Join('\n', lines), client: small.CreateClient());

        Assert.Equal((5, 1, 0), (batch.Accepted, batch.Duplicate, batch.Rejected));
        Assert.Equal(batch.Items[0].Id, batch.Items[5].Id);
    }

    [Theory]
    [InlineData("application/x-ndjson")]
    [InlineData("application/json")]
    public async Task An_empty_body_is_a_400_problem(string contentType)
    {
        using var response = await PostAsync("", contentType);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Blank_lines_only_are_a_400_problem()
    {
        using var response = await PostAsync("\n  \n\r\n", "application/x-ndjson");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Another_content_type_is_a_415_problem(string contentType)
    {
        using var response = await PostAsync(Item("A title"), contentType);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task No_content_type_is_a_415_problem()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Item("A title")));

        using var response = await api.CreateClient().PostAsync(BatchPath, content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task More_items_than_the_limit_is_a_413_that_stores_only_the_first_ones()
    {
        await using var limited = WithSettings(("ArticleBatch:MaxItems", "3"));
        var word = TestArticles.UniqueWord();
        var lines = Enumerable.Range(1, 5).Select(n => Item($"Item {n} {word}"));

        using var response = await PostAsync(string.Join('\n', lines), "application/x-ndjson", limited.CreateClient());

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("line 4", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, problem.GetProperty("accepted").GetInt32());
        await using var db = api.CreateDbContext();
        Assert.Equal(3, await db.Articles.CountAsync(a => a.Title.Contains(word)));
    }

    [Fact]
    public async Task A_line_over_the_line_limit_is_rejected_and_the_next_lines_are_read()
    {
        await using var limited = WithSettings(("ArticleBatch:MaxLineBytes", "2048"));
        var word = TestArticles.UniqueWord();
        // Longer than the limit and than any read buffer, so it is dropped while it streams in.
        var lines = new[] { Item($"Before {word}"), Item($"Long {word}", body: new string('a', 200_000)), Item($"After {word}") };

        var batch = await PostBatchAsync(string.Join('\n', lines), client: limited.CreateClient());

        Assert.Equal([BatchItemStatus.Accepted, BatchItemStatus.Rejected, BatchItemStatus.Accepted], batch.Items.Select(i => i.Status));
        Assert.Equal([1, 2, 3], batch.Items.Select(i => i.Line!.Value));
        Assert.Contains("2048 bytes", batch.Items[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        // TestServer does not enforce request size limits, so this one runs on Kestrel, as production does.
        await using var kestrel = WithSettings(("ArticleBatch:MaxRequestBytes", "65536"));
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        var lines = Enumerable.Range(1, 100).Select(n => Item($"Item {n} {TestArticles.UniqueWord()}", body: new string('b', 1000)));

        using var response = await PostAsync(string.Join('\n', lines), "application/x-ndjson", kestrel.CreateClient());

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Concurrent_batches_with_overlapping_articles_store_each_article_once()
    {
        await using var chunked = WithSettings(("ArticleBatch:ChunkSize", "25"));
        var word = TestArticles.UniqueWord();
        var pool = Enumerable.Range(0, 200)
            .Select(n => Item($"Overlap {n} {word}", url: n % 2 == 0 ? $"https://example.com/{word}/{n}" : null))
            .ToArray();
        // Each batch takes most of the pool in its own order, so batches meet the same articles at different times.
        var batches = Enumerable.Range(0, 4)
            .Select(seed => pool.Where((_, n) => (n + seed) % 5 != 0).OrderBy(_ => Random.Shared.Next()).ToArray())
            .ToArray();

        var answers = await Task.WhenAll(batches.Select(lines => PostBatchAsync(string.Join('\n', lines), client: chunked.CreateClient())));

        await using var db = api.CreateDbContext();
        Assert.Equal(pool.Length, await db.Articles.CountAsync(a => a.Title.Contains(word)));
        Assert.All(answers, a => Assert.Equal(0, a.Rejected));
        Assert.Equal(pool.Length, answers.Sum(a => a.Accepted));
        // Every batch that sent an article answered with the same stored id for it.
        var idsByLine = answers.SelectMany((answer, b) => answer.Items.Select(i => (Line: batches[b][i.Line!.Value - 1], i.Id)))
            .GroupBy(x => x.Line, x => x.Id);
        Assert.All(idsByLine, ids => Assert.Single(ids.Distinct()));
        Assert.Equal(pool.Length, await db.IngestionJobs.CountAsync(j => db.Articles.Any(a => a.Id == j.ArticleId && a.Title.Contains(word))));
    }

    private static string Item(string title, string? url = null, string? body = null) =>
        JsonSerializer.Serialize(new { title, body = body ?? $"Text of {title}.", url, source = "Batch Wire" });

    private WebApplicationFactory<Program> WithSettings(params (string Key, string Value)[] settings) =>
        api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    private async Task<HttpResponseMessage> PostAsync(string body, string contentType, HttpClient? client = null)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new(contentType);
        return await (client ?? api.CreateClient()).PostAsync(BatchPath, content);
    }

    private async Task<ArticleBatchResponse> PostBatchAsync(string body, string contentType = "application/x-ndjson", HttpClient? client = null)
    {
        using var response = await PostAsync(body, contentType, client);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ArticleBatchResponse>(NewsEventsApiFactory.Json))!;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }
}
