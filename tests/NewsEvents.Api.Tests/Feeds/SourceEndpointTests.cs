using System.Net;
using System.Net.Http.Json;
using System.Text;
using NewsEvents.Api.Features.Sources;
using NewsEvents.Api.Tests.Infrastructure;
using static NewsEvents.Api.Tests.Infrastructure.ProblemAssertions;

namespace NewsEvents.Api.Tests.Feeds;

/// <summary>Creating, listing, changing and deleting sources, and every way to get it wrong.</summary>
public sealed class SourceEndpointTests(FeedsApiFactory api) : IClassFixture<FeedsApiFactory>
{
    private const string SourcesPath = "/api/v1/sources";

    [Fact]
    public async Task A_created_source_is_due_at_once_and_can_be_fetched_by_its_location()
    {
        var name = $"Gazette {TestArticles.UniqueWord()}";
        var feedUrl = $"https://{TestArticles.UniqueWord()}.test/rss.xml";

        using var response = await api.CreateClient().PostAsJsonAsync(SourcesPath, new { name = $"  {name} ", feedUrl, pollIntervalSeconds = 600 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SourceResponse>(FeedsApiFactory.Json))!;
        Assert.Equal(name, created.Name);
        Assert.Equal(feedUrl, created.FeedUrl);
        Assert.Equal(600, created.PollIntervalSeconds);
        Assert.True(created.Enabled);
        Assert.Null(created.Kind);
        Assert.Null(created.LastPolledAt);
        Assert.True(created.NextPollAt <= DateTimeOffset.UtcNow);
        Assert.Equal((0, 0), (created.ItemsSeen, created.ItemsAccepted));
        var fetched = await api.CreateClient().GetFromJsonAsync<SourceResponse>(response.Headers.Location, FeedsApiFactory.Json);
        Assert.Equal(created, fetched);
    }

    [Fact]
    public async Task Without_an_interval_a_feed_is_polled_every_fifteen_minutes()
    {
        var source = await api.CreateSourceAsync($"https://{TestArticles.UniqueWord()}.test/feed");

        Assert.Equal(900, source.PollIntervalSeconds);
    }

    [Theory]
    [InlineData("""{"feedUrl": "https://a.test/rss"}""", "name")]
    [InlineData("""{"name": "   ", "feedUrl": "https://a.test/rss"}""", "name")]
    [InlineData("""{"name": "A"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "ftp://a.test/rss"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "file:///etc/passwd"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "javascript:alert(1)"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "/relative/rss.xml"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "not a url"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "https://user:secret@a.test/rss"}""", "feedUrl")]
    [InlineData("""{"name": "A", "feedUrl": "https://a.test/rss", "pollIntervalSeconds": 5}""", "pollIntervalSeconds")]
    [InlineData("""{"name": "A", "feedUrl": "https://a.test/rss", "pollIntervalSeconds": 9999999}""", "pollIntervalSeconds")]
    [InlineData("""{"name": "A", "feedUrl": "https://a.test/rss", "pollIntervalSeconds": "often"}""", "pollIntervalSeconds")]
    [InlineData("""{"name": "A", "feedUrl": 42}""", "feedUrl")]
    public async Task An_invalid_source_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await PostJsonAsync(json);

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), field);
    }

    [Fact]
    public async Task A_name_or_feed_url_already_taken_is_a_409()
    {
        var existing = await api.CreateSourceAsync($"https://{TestArticles.UniqueWord()}.test/rss");

        using var sameUrl = await api.CreateClient().PostAsJsonAsync(SourcesPath, new { name = $"Other {TestArticles.UniqueWord()}", feedUrl = existing.FeedUrl });
        using var sameName = await api.CreateClient().PostAsJsonAsync(SourcesPath, new { name = existing.Name, feedUrl = $"https://{TestArticles.UniqueWord()}.test/rss" });

        Assert.Contains("feed URL", (await AssertProblemAsync(sameUrl, HttpStatusCode.Conflict)).GetProperty("title").GetString());
        Assert.Contains("name", (await AssertProblemAsync(sameName, HttpStatusCode.Conflict)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_list_pages_through_sources_by_name_without_gaps_or_repeats()
    {
        var prefix = $"Paged {TestArticles.UniqueWord()}";
        var names = new[] { $"{prefix} c", $"{prefix} a|b", $"{prefix} b" }; // "|" separates the parts of cursors
        foreach (var name in names)
        {
            await api.CreateSourceAsync($"https://{TestArticles.UniqueWord()}.test/rss", name);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await api.CreateClient().GetFromJsonAsync<SourcePage>(
                $"{SourcesPath}?limit=2&hasFeed=true{(cursor is null ? "" : $"&cursor={cursor}")}", FeedsApiFactory.Json))!;
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(s => s.Name));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal([$"{prefix} a|b", $"{prefix} b", $"{prefix} c"], seen.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sources_named_by_articles_alone_are_listed_without_a_feed()
    {
        var name = $"Wire {TestArticles.UniqueWord()}";
        await api.IngestAsync(TestArticles.New(source: name));

        var withoutFeed = await ListAllAsync("hasFeed=false");
        var withFeed = await ListAllAsync("hasFeed=true");

        var source = Assert.Single(withoutFeed, s => s.Name == name);
        Assert.Null(source.FeedUrl);
        Assert.False(source.Enabled);
        Assert.DoesNotContain(withFeed, s => s.Name == name);
    }

    [Fact]
    public async Task The_list_comes_as_csv_for_spreadsheets()
    {
        var source = await api.CreateSourceAsync($"https://{TestArticles.UniqueWord()}.test/rss");

        using var response = await api.CreateClient().GetAsync($"{SourcesPath}?hasFeed=true&limit=100&format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains(source.FeedUrl!, csv, StringComparison.Ordinal);
        Assert.Contains(source.Name, csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("hasFeed=maybe")]
    public async Task A_bad_list_parameter_is_a_400(string query)
    {
        using var response = await api.CreateClient().GetAsync($"{SourcesPath}?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_patch_changes_only_what_it_names()
    {
        var source = await api.CreateSourceAsync($"https://{TestArticles.UniqueWord()}.test/rss");
        var newName = $"Renamed {TestArticles.UniqueWord()}";

        var renamed = await PatchAsync(source.Id, new { name = newName });
        var slower = await PatchAsync(source.Id, new { pollIntervalSeconds = 3600, enabled = false });

        Assert.Equal(source with { Name = newName }, renamed);
        Assert.Equal(newName, slower.Name);
        Assert.Equal(3600, slower.PollIntervalSeconds);
        Assert.False(slower.Enabled);
        Assert.Equal(source.FeedUrl, slower.FeedUrl);
    }

    [Fact]
    public async Task A_new_feed_url_starts_the_polling_state_afresh()
    {
        var (source, _) = await api.PollFixtureAsync("harbour-gazette.rss.xml", TestArticles.UniqueWord());
        var (newPath, newUrl) = api.ServeFixture("harbour-gazette.rss.xml", TestArticles.UniqueWord());

        var moved = await PatchAsync(source.Id, new { feedUrl = newUrl });
        await api.PollAsync(source.Id);

        Assert.Null(moved.Kind);
        Assert.Equal(newUrl, moved.FeedUrl);
        Assert.Null(Assert.Single(api.Feeds.RequestsFor(newPath)).IfNoneMatch); // the old feed's ETag is not sent to the new one
    }

    [Fact]
    public async Task A_source_named_by_articles_gets_a_feed_by_patch()
    {
        var name = $"Wire {TestArticles.UniqueWord()}";
        await api.IngestAsync(TestArticles.New(source: name));
        var source = Assert.Single(await ListAllAsync("hasFeed=false"), s => s.Name == name);

        using var pollWithoutFeed = await api.CreateClient().PostAsync($"{SourcesPath}/{source.Id}/poll", null);
        using var enableWithoutFeed = await api.CreateClient().PatchAsJsonAsync($"{SourcesPath}/{source.Id}", new { enabled = true });
        var withFeed = await PatchAsync(source.Id, new { feedUrl = $"https://{TestArticles.UniqueWord()}.test/rss" });

        await AssertProblemAsync(pollWithoutFeed, HttpStatusCode.Conflict);
        AssertHasErrorFor(await AssertProblemAsync(enableWithoutFeed, HttpStatusCode.BadRequest), "feedUrl");
        Assert.True(withFeed.Enabled);
        Assert.Equal(900, withFeed.PollIntervalSeconds);
        Assert.NotNull(withFeed.NextPollAt);
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"feedUrl": "gopher://a.test/"}""", "feedUrl")]
    [InlineData("""{"pollIntervalSeconds": 0}""", "pollIntervalSeconds")]
    [InlineData("""{"enabled": "yes"}""", "enabled")]
    public async Task An_invalid_patch_is_a_400_naming_the_field(string json, string field)
    {
        var source = await api.CreateSourceAsync($"https://{TestArticles.UniqueWord()}.test/rss");

        using var response = await api.CreateClient().PatchAsync(
            $"{SourcesPath}/{source.Id}", new StringContent(json, Encoding.UTF8, "application/json"));

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), field);
    }

    [Fact]
    public async Task Deleting_a_source_keeps_its_articles_without_it()
    {
        var (source, _) = await api.PollFixtureAsync("harbour-gazette.rss.xml", TestArticles.UniqueWord());
        var articles = await api.ArticlesOfAsync(source.Id);

        using var deleted = await api.CreateClient().DeleteAsync($"{SourcesPath}/{source.Id}");
        using var again = await api.CreateClient().DeleteAsync($"{SourcesPath}/{source.Id}");
        using var get = await api.CreateClient().GetAsync($"{SourcesPath}/{source.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(again, HttpStatusCode.NotFound);
        await AssertProblemAsync(get, HttpStatusCode.NotFound);
        var article = await api.GetArticleAsync(articles[0].Id);
        Assert.Null(article.Source);
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_on_every_route()
    {
        var id = Guid.NewGuid();
        var client = api.CreateClient();

        await AssertProblemAsync(await client.GetAsync($"{SourcesPath}/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PatchAsJsonAsync($"{SourcesPath}/{id}", new { enabled = false }), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.DeleteAsync($"{SourcesPath}/{id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PostAsync($"{SourcesPath}/{id}/poll", null), HttpStatusCode.NotFound);
    }

    private sealed record SourcePage(List<SourceResponse> Items, string? NextCursor);

    private async Task<List<SourceResponse>> ListAllAsync(string filter)
    {
        var all = new List<SourceResponse>();
        string? cursor = null;
        do
        {
            var page = (await api.CreateClient().GetFromJsonAsync<SourcePage>(
                $"{SourcesPath}?limit=100&{filter}{(cursor is null ? "" : $"&cursor={cursor}")}", FeedsApiFactory.Json))!;
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    private async Task<SourceResponse> PatchAsync(Guid id, object changes)
    {
        using var response = await api.CreateClient().PatchAsJsonAsync($"{SourcesPath}/{id}", changes, FeedsApiFactory.Json);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"PATCH answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SourceResponse>(FeedsApiFactory.Json))!;
    }

    private Task<HttpResponseMessage> PostJsonAsync(string json) =>
        api.CreateClient().PostAsync(SourcesPath, new StringContent(json, Encoding.UTF8, "application/json"));
}
