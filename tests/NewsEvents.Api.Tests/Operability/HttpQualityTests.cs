using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Tests.Operability;

public sealed class HttpQualityTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Theory]
    [InlineData("/api/v1/articles", "default-src 'none'; frame-ancestors 'none'")]
    [InlineData("/api/v1/articles/00000000-0000-0000-0000-000000000001", "default-src 'none'; frame-ancestors 'none'")]
    [InlineData("/no/such/path", "default-src 'none'; frame-ancestors 'none'")]
    [InlineData("/swagger/index.html", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")]
    public async Task Every_answer_carries_the_security_headers(string path, string contentPolicy)
    {
        using var response = await api.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(contentPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task A_detail_resource_has_an_etag_and_answers_304_while_unchanged()
    {
        var article = await api.IngestAsync(TestArticles.New());
        using var client = api.CreateClient();

        using var first = await client.GetAsync($"/api/v1/articles/{article.Id}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(first.Headers.CacheControl?.NoCache);
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(article.Id, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{article.Id}");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await using (var db = api.CreateDbContext())
        {
            var stored = await db.Articles.FindAsync(article.Id);
            stored!.Status = ArticleStatus.Failed;
            await db.SaveChangesAsync();
        }
        using var changed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{article.Id}");
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        Assert.Equal("failed", (await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Lists_come_as_csv_on_request_with_formulas_defused_and_cells_quoted()
    {
        var word = TestArticles.UniqueWord();
        await api.IngestAsync(TestArticles.New(title: $"=HYPERLINK(\"x\") {word}"));
        await api.IngestAsync(TestArticles.New(title: $"Commas, \"quotes\" and {word}"));
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?q={word}&limit=1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var response = await client.SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.StartsWith("id,title,url,source,language,publishedAt", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.True(response.Headers.Contains("X-Next-Cursor"));

        var all = await client.GetStringAsync($"/api/v1/articles?q={word}&format=csv");
        Assert.Contains($"\"'=HYPERLINK(\"\"x\"\") {word}\"", all, StringComparison.Ordinal);
        Assert.Contains($"\"Commas, \"\"quotes\"\" and {word}\"", all, StringComparison.Ordinal);
    }
}
