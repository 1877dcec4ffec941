using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Tests.Articles;

public sealed class IngestionTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    [Fact]
    public async Task Ingested_article_is_queued_then_processed_and_found_by_search()
    {
        var word = TestArticles.UniqueWord();
        using var response = await api.CreateClient().PostAsJsonAsync("/api/v1/articles",
            TestArticles.New(title: $"Kremlin talks on {word}", source: "Test Wire", language: "en"), NewsEventsApiFactory.Json);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<ArticleResponse>(NewsEventsApiFactory.Json))!;
        Assert.Equal(ArticleStatus.Queued, accepted.Status);
        Assert.False(accepted.Duplicate);
        Assert.Equal($"/api/v1/articles/{accepted.Id}", response.Headers.Location?.AbsolutePath);

        var processed = await api.WaitForStatusAsync(accepted.Id, ArticleStatus.Processed);
        Assert.NotNull(processed.ProcessedAt);
        Assert.Equal(ArticleExtractor.Version, processed.ExtractorVersion);

        var hits = await api.SearchAsync($"q={word}");
        var hit = Assert.Single(hits.Items);
        Assert.Equal(accepted.Id, hit.Id);
        Assert.Equal("Test Wire", hit.Source);
    }

    [Fact]
    public async Task Processing_cleans_markup_entities_and_whitespace_from_the_text()
    {
        var article = await api.IngestAndProcessAsync(TestArticles.New(
            title: "  Markup&nbsp;&amp; entities  ",
            body: "<p>First   paragraph with <b>bold</b> text.</p><script>alert('x')</script><p>Second&#8217;s line.</p>"));

        Assert.Equal("Markup & entities", article.Title);
        Assert.Equal("First paragraph with bold text.\n\nSecond’s line.", article.Body);
    }
}
