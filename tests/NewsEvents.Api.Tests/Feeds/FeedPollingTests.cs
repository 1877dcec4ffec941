using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Features.Sources;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Feeds;

namespace NewsEvents.Api.Tests.Feeds;

/// <summary>Polling real RSS, Atom and JSON Feed documents from a local HTTP server, through the API.</summary>
public sealed class FeedPollingTests(FeedsApiFactory api) : IClassFixture<FeedsApiFactory>
{
    [Fact]
    public async Task Rss_items_become_clean_text_articles_of_the_source()
    {
        var town = TestArticles.UniqueWord();

        var (source, poll) = await api.PollFixtureAsync("harbour-gazette.rss.xml", town);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 4, 3, null), poll);
        var articles = await api.ArticlesOfAsync(source.Id);
        Assert.Equal(3, articles.Count);
        var ferry = articles[0];
        Assert.Equal("Ferry & port workers agree pay deal", ferry.Title);
        Assert.Equal(
            $"Ferry operators and port workers in {town} agreed a pay deal on Tuesday — ending a two-week strike.\n\n" +
            "The union said members would return \"at once\".",
            ferry.Body);
        Assert.Equal($"https://harbour-gazette.test/{town}/ferry-pay-deal", ferry.CanonicalUrl);
        Assert.Equal(new DateTimeOffset(2023, 9, 5, 13, 30, 0, TimeSpan.Zero), ferry.PublishedAt);
        Assert.Equal("Mara Quill", ferry.Author);
        Assert.Equal("en-gb", ferry.Language);
        Assert.Equal(ArticleStatus.Queued, ferry.Status);

        var lighthouse = articles[1];
        Assert.Equal($"Work on the {town} lighthouse began on Monday & will last a year.", lighthouse.Body);
        Assert.Equal(new Uri(api.Feeds.BaseUri, $"/{town}/lighthouse-restoration").AbsoluteUri, lighthouse.Url);
        Assert.Null(lighthouse.PublishedAt); // "sometime last week" is no date, and does not lose the feed
        Assert.Equal(("Harbour master retires", null), (articles[2].Title, articles[2].Url)); // its guid is no URL

        var stored = await api.GetSourceAsync(source.Id);
        Assert.Equal(FeedKind.Rss, stored.Kind);
        Assert.Equal((4, 3), (stored.ItemsSeen, stored.ItemsAccepted));
        Assert.NotNull(stored.LastSuccessAt);
        Assert.Equal(stored.LastPolledAt, stored.LastSuccessAt);
        Assert.Null(stored.LastError);
        Assert.True(stored.NextPollAt >= stored.LastPolledAt!.Value.AddSeconds(stored.PollIntervalSeconds!.Value - 1));
    }

    [Fact]
    public async Task Atom_html_xhtml_and_text_content_all_become_clean_text()
    {
        var town = TestArticles.UniqueWord();

        var (source, poll) = await api.PollFixtureAsync("valley-courier.atom.xml", town);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 3, 3, null), poll);
        var articles = await api.ArticlesOfAsync(source.Id);
        Assert.Equal(
            [
                ("Council backs river plan", $"The {town} council voted 7–2 to back the river plan.\n\nWork starts in spring."),
                ("Bridge closed for repairs", $"The old {town} bridge is closed until October."),
                ("Market day moves", $"Market day in {town} moves to Thursday, traders said."),
            ],
            articles.Select(a => (a.Title, a.Body)));
        Assert.Equal("Ilse Brandt", articles[0].Author);
        Assert.Equal(new DateTimeOffset(2023, 9, 6, 9, 0, 0, TimeSpan.Zero), articles[0].PublishedAt);
        Assert.Equal(new DateTimeOffset(2023, 9, 5, 8, 0, 0, TimeSpan.Zero), articles[1].PublishedAt); // updated, lacking published
        Assert.Equal($"https://valley-courier.test/{town}/bridge-closed", articles[1].Url);
        Assert.Equal(FeedKind.Atom, (await api.GetSourceAsync(source.Id)).Kind);
    }

    [Fact]
    public async Task Json_feed_items_are_read_and_an_untitled_item_takes_its_first_line_as_title()
    {
        var town = TestArticles.UniqueWord();

        var (source, poll) = await api.PollFixtureAsync("hill-town.feed.json", town);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 2, 2, null), poll);
        var articles = await api.ArticlesOfAsync(source.Id);
        Assert.Equal("School reopens", articles[0].Title);
        Assert.Equal($"The {town} school reopened on Monday after the flood’s damage was repaired.\n\nPupils & staff returned.", articles[0].Body);
        Assert.Equal(new DateTimeOffset(2023, 9, 4, 5, 0, 0, TimeSpan.Zero), articles[0].PublishedAt);
        Assert.Equal("Pia Lund", articles[0].Author);
        Assert.Equal("en", articles[0].Language);
        Assert.Equal($"Bus 12 to {town} runs every 20 minutes from October.", articles[1].Title);
        Assert.Equal($"Bus 12 to {town} runs every 20 minutes from October.\n\nThe timetable is online.", articles[1].Body);
        Assert.Equal(FeedKind.Json, (await api.GetSourceAsync(source.Id)).Kind);
    }

    [Fact]
    public async Task A_second_poll_sends_the_validators_and_a_304_queues_nothing()
    {
        var (path, url) = api.ServeFixture("harbour-gazette.rss.xml", TestArticles.UniqueWord(), etag: "\"harbour-1\"");
        var source = await api.CreateSourceAsync(url);
        await api.PollAsync(source.Id);
        var firstSuccess = (await api.GetSourceAsync(source.Id)).LastSuccessAt;

        var second = await api.PollAsync(source.Id);

        Assert.Equal(new PollResponse(PollOutcome.NotModified, 0, 0, null), second);
        var requests = api.Feeds.RequestsFor(path);
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].IfNoneMatch);
        Assert.Equal("\"harbour-1\"", requests[1].IfNoneMatch);
        Assert.Equal("Tue, 05 Sep 2023 15:00:00 GMT", requests[1].IfModifiedSince);
        Assert.StartsWith("NewsEvents-FeedPoller/", requests[1].UserAgent);
        Assert.Equal(3, (await api.ArticlesOfAsync(source.Id)).Count);
        var stored = await api.GetSourceAsync(source.Id);
        Assert.Equal((4, 3), (stored.ItemsSeen, stored.ItemsAccepted));
        Assert.True(stored.LastSuccessAt > firstSuccess);
    }

    [Fact]
    public async Task Re_polling_a_feed_without_validators_stores_only_the_new_items()
    {
        var (path, url) = api.Feeds.NewPath("json");
        var word = TestArticles.UniqueWord();
        api.Feeds.Serve(path, JsonFeed(word, 1, 2), "application/feed+json", etag: null);
        var source = await api.CreateSourceAsync(url);
        Assert.Equal(new PollResponse(PollOutcome.Updated, 2, 2, null), await api.PollAsync(source.Id));
        Assert.Equal(new PollResponse(PollOutcome.Updated, 2, 0, null), await api.PollAsync(source.Id));

        api.Feeds.Serve(path, JsonFeed(word, 1, 2, 3), "application/feed+json", etag: null);
        var third = await api.PollAsync(source.Id);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 3, 1, null), third);
        var articles = await api.ArticlesOfAsync(source.Id);
        Assert.Equal([$"{word} story 1", $"{word} story 2", $"{word} story 3"], articles.Select(a => a.Title));
        var stored = await api.GetSourceAsync(source.Id);
        Assert.Equal((7, 3), (stored.ItemsSeen, stored.ItemsAccepted));
    }

    [Fact]
    public async Task An_item_already_stored_from_elsewhere_is_not_stored_again()
    {
        var (path, url) = api.Feeds.NewPath("json");
        var word = TestArticles.UniqueWord();
        // Posted through the articles API first, with a tracking parameter the feed's link lacks.
        await api.IngestAsync(new { title = "Posted by hand", body = "Some text.", url = $"https://news.test/{word}/story-1?utm_campaign=x" });
        api.Feeds.Serve(path, JsonFeed(word, 1, 2), "application/feed+json");
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 2, 1, null), poll);
        Assert.Equal([$"{word} story 2"], (await api.ArticlesOfAsync(source.Id)).Select(a => a.Title));
    }

    [Theory]
    [InlineData(404, null, "HTTP 404")]
    [InlineData(200, "<rss version=\"2.0\"><channel><title>Broken</title><item><title>x</item></channel></rss>", "not well-formed XML")]
    [InlineData(200, "<html><body>Not a feed</body></html>", "Not an RSS 2.0, Atom 1.0 or JSON Feed document")]
    [InlineData(200, "{\"items\": []}", "Not a JSON Feed document")]
    [InlineData(200, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [", "not valid JSON Feed")]
    public async Task A_failing_feed_records_its_error_and_the_service_stays_healthy(int status, string? body, string error)
    {
        var (path, url) = api.Feeds.NewPath("xml");
        api.Feeds.Script(path, new FeedServer.Answer(status, body, "application/xml"));
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains(error, poll.Error);
        var stored = await api.GetSourceAsync(source.Id);
        Assert.Contains(error, stored.LastError);
        Assert.NotNull(stored.LastPolledAt);
        Assert.Null(stored.LastSuccessAt);
        Assert.True(stored.NextPollAt > stored.LastPolledAt, "a failed feed is tried again at its next interval");
        Assert.Empty(await api.ArticlesOfAsync(source.Id));
        using var health = await api.CreateClient().GetAsync("/health/ready");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_feed_that_recovers_clears_its_error()
    {
        var (path, url) = api.Feeds.NewPath("xml");
        api.Feeds.Script(path, new FeedServer.Answer(404));
        var source = await api.CreateSourceAsync(url);
        await api.PollAsync(source.Id);

        api.Feeds.Serve(path, JsonFeed(TestArticles.UniqueWord(), 1), "application/feed+json");
        var poll = await api.PollAsync(source.Id);

        Assert.Equal(PollOutcome.Updated, poll.Outcome);
        var stored = await api.GetSourceAsync(source.Id);
        Assert.Null(stored.LastError);
        Assert.Equal(stored.LastPolledAt, stored.LastSuccessAt);
    }

    [Fact]
    public async Task A_transient_server_error_is_retried_and_the_poll_succeeds()
    {
        var (path, url) = api.Feeds.NewPath("json");
        var word = TestArticles.UniqueWord();
        api.Feeds.Script(path,
            new FeedServer.Answer(200, JsonFeed(word, 1), "application/feed+json"),
            new FeedServer.Answer(503), new FeedServer.Answer(502));
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 1, 1, null), poll);
        Assert.Equal(3, api.Feeds.RequestsFor(path).Count);
    }

    [Fact]
    public async Task A_feed_over_the_size_cap_fails_without_storing_anything()
    {
        var (path, url) = api.Feeds.NewPath("json");
        var word = TestArticles.UniqueWord();
        var items = Enumerable.Range(1, 400).ToArray();
        var huge = JsonFeed(word, items);
        Assert.True(huge.Length > FeedsApiFactory.MaxFeedBytes);
        api.Feeds.Serve(path, huge, "application/feed+json");
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("larger than", poll.Error);
        Assert.Empty(await api.ArticlesOfAsync(source.Id));
    }

    [Fact]
    public async Task A_redirect_is_followed_to_an_allowed_address()
    {
        var (target, _) = api.Feeds.NewPath("json");
        var (path, url) = api.Feeds.NewPath("json");
        api.Feeds.Serve(target, JsonFeed(TestArticles.UniqueWord(), 1), "application/feed+json");
        api.Feeds.Script(path, new FeedServer.Answer(301, Location: target));
        var source = await api.CreateSourceAsync(url);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 1, 1, null), await api.PollAsync(source.Id));
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_is_refused_at_connect_time()
    {
        var (path, url) = api.Feeds.NewPath("json");
        // 127.0.0.2 is loopback too, but only 127.0.0.1/32 is allowed.
        api.Feeds.Script(path, new FeedServer.Answer(302, Location: $"http://127.0.0.2:{api.Feeds.BaseUri.Port}/elsewhere.json"));
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("Refused to connect to 127.0.0.2", poll.Error);
        Assert.Contains("loopback", poll.Error);
        Assert.Empty(api.Feeds.RequestsFor("/elsewhere.json"));
    }

    [Fact]
    public async Task Polling_a_disabled_feed_on_request_still_works()
    {
        var (path, url) = api.Feeds.NewPath("json");
        api.Feeds.Serve(path, JsonFeed(TestArticles.UniqueWord(), 1), "application/feed+json");
        var source = await api.CreateSourceAsync(url);
        using var disable = await api.CreateClient().PatchAsJsonAsync($"/api/v1/sources/{source.Id}", new { enabled = false });
        disable.EnsureSuccessStatusCode();

        Assert.Equal(PollOutcome.Updated, (await api.PollAsync(source.Id)).Outcome);
    }

    [Fact]
    public async Task An_item_with_a_malformed_extension_falls_back_to_its_description()
    {
        var (path, url) = api.Feeds.NewPath("xml");
        var word = TestArticles.UniqueWord();
        // content:encoded should hold escaped HTML; here it holds raw elements, which the extension reader rejects.
        api.Feeds.Serve(path, $"""
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
              <channel><title>t</title><link>https://{word}.test/</link><description>d</description>
                <item>
                  <title>Raw markup</title><link>https://{word}.test/raw</link>
                  <description>The {word} description stands in.</description>
                  <content:encoded><p>Raw <b>markup</b></p></content:encoded>
                </item>
              </channel>
            </rss>
            """, "application/rss+xml");
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(new PollResponse(PollOutcome.Updated, 1, 1, null), poll);
        Assert.Equal($"The {word} description stands in.", Assert.Single(await api.ArticlesOfAsync(source.Id)).Body);
    }

    [Fact]
    public async Task Concurrent_pollers_claim_each_due_feed_exactly_once()
    {
        var paths = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (path, url) = api.Feeds.NewPath("json");
            api.Feeds.Serve(path, JsonFeed(TestArticles.UniqueWord(), 1), "application/feed+json");
            await api.CreateSourceAsync(url);
            paths.Add(path);
        }

        // Eight pollers, as in several processes, each taking due feeds until none is left.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                await using var scope = api.Services.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<FeedPoller>().PollNextDueAsync(CancellationToken.None) is null)
                {
                    return;
                }
            }
        })));

        Assert.All(paths, path => Assert.Single(api.Feeds.RequestsFor(path)));
    }

    private static string JsonFeed(string word, params int[] items) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            version = "https://jsonfeed.org/version/1.1",
            title = $"{word} news",
            items = items.Select(n => new
            {
                id = $"{n}",
                url = $"https://news.test/{word}/story-{n}",
                title = $"{word} story {n}",
                content_html = $"<p>Story {n} about {word}, told at some length so that the document has weight.</p>",
            }),
        });
}
