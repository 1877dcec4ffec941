using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Articles;

public sealed class DuplicateTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    [Theory]
    [InlineData("https://EXAMPLE.com/{0}")]
    [InlineData("HTTPS://example.COM:443/{0}")]
    [InlineData("https://example.com/{0}/")]
    [InlineData("https://example.com/{0}#comments")]
    [InlineData("https://example.com/{0}?utm_source=feed&utm_medium=rss&fbclid=abc")]
    [InlineData("https://Example.com/{0}/?utm_campaign=x#top")]
    public async Task Reposting_the_same_canonical_url_answers_200_with_the_existing_article(string variant)
    {
        var path = $"world/{TestArticles.UniqueWord()}";
        var original = await PostAsync(TestArticles.New(url: $"https://example.com/{path}"));
        Assert.Equal(HttpStatusCode.Accepted, original.Status);

        // Other title and text: only the URL says it is the same article.
        var repost = await PostAsync(TestArticles.New(url: string.Format(CultureInfo.InvariantCulture, variant, path)));

        Assert.Equal(HttpStatusCode.OK, repost.Status);
        Assert.True(repost.Article.Duplicate);
        Assert.Equal(original.Article.Id, repost.Article.Id);
        Assert.Equal(original.Article.Title, repost.Article.Title);
        Assert.Equal($"https://example.com/{path}", repost.Article.CanonicalUrl);
    }

    [Fact]
    public async Task Reposting_the_same_title_and_text_with_other_whitespace_answers_200_with_the_existing_article()
    {
        var word = TestArticles.UniqueWord();
        var original = await PostAsync(TestArticles.New(title: $"Talks on {word} resume", body: $"Delegates met today.\nThey discussed {word} at length."));
        Assert.Equal(HttpStatusCode.Accepted, original.Status);

        var repost = await PostAsync(TestArticles.New(
            title: $"  Talks   on {word}\tresume ", body: $"Delegates  met today.\r\n\r\nThey discussed {word}   at length.  "));

        Assert.Equal(HttpStatusCode.OK, repost.Status);
        Assert.True(repost.Article.Duplicate);
        Assert.Equal(original.Article.Id, repost.Article.Id);
    }

    [Fact]
    public async Task A_different_text_at_a_different_url_is_a_new_article()
    {
        var first = await PostAsync(TestArticles.New(url: $"https://example.com/{TestArticles.UniqueWord()}"));
        var second = await PostAsync(TestArticles.New(url: $"https://example.com/{TestArticles.UniqueWord()}"));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.False(second.Article.Duplicate);
        Assert.NotEqual(first.Article.Id, second.Article.Id);
    }

    [Fact]
    public async Task A_different_text_without_url_is_a_new_article_even_when_the_title_is_the_same()
    {
        var title = $"Markets close {TestArticles.UniqueWord()}";
        var first = await PostAsync(TestArticles.New(title: title, body: "Stocks rose."));
        var second = await PostAsync(TestArticles.New(title: title, body: "Stocks fell."));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.NotEqual(first.Article.Id, second.Article.Id);
    }

    [Fact]
    public async Task Concurrent_posts_of_one_article_store_it_once_and_answer_the_rest_as_duplicates()
    {
        const int Posts = 12;
        var word = TestArticles.UniqueWord();
        var url = $"https://example.com/concurrent/{word}";
        var article = TestArticles.New(title: $"Concurrent {word}", body: $"One story about {word}.", url: url, source: $"Wire {word}");
        var client = api.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, Posts).Select(_ => PostAsync(article, client)));

        var accepted = Assert.Single(results, r => r.Status == HttpStatusCode.Accepted);
        var duplicates = results.Where(r => r.Status != HttpStatusCode.Accepted).ToList();
        Assert.Equal(Posts - 1, duplicates.Count);
        Assert.All(duplicates, d =>
        {
            Assert.Equal(HttpStatusCode.OK, d.Status);
            Assert.True(d.Article.Duplicate);
            Assert.Equal(accepted.Article.Id, d.Article.Id);
        });

        await using var db = api.CreateDbContext();
        Assert.Equal(1, await db.Articles.CountAsync(a => a.CanonicalUrl == url));
        Assert.Equal(1, await db.Sources.CountAsync(s => s.Name == $"Wire {word}"));
    }

    private async Task<(HttpStatusCode Status, ArticleResponse Article)> PostAsync(object article, HttpClient? client = null)
    {
        using var response = await (client ?? api.CreateClient()).PostAsJsonAsync("/api/v1/articles", article, NewsEventsApiFactory.Json);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"POST answered {(int)response.StatusCode}: {body}");
        return (response.StatusCode, JsonSerializer.Deserialize<ArticleResponse>(body, NewsEventsApiFactory.Json)!);
    }
}
