using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Feeds;

namespace NewsEvents.Api.Tests.Feeds;

/// <summary>Under the default policy the poller refuses non-public addresses, however the URL names them.</summary>
public sealed class FeedSafetyTests(PublicOnlyFeedsApiFactory api) : IClassFixture<PublicOnlyFeedsApiFactory>
{
    [Fact]
    public async Task A_loopback_feed_is_refused_before_any_request_is_sent()
    {
        var (path, url) = api.Feeds.NewPath("json");
        api.Feeds.Serve(path, "{}", "application/feed+json");
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("Refused to connect to 127.0.0.1", poll.Error);
        Assert.Contains("loopback", poll.Error);
        Assert.Empty(api.Feeds.RequestsFor(path));
        Assert.Equal(poll.Error, (await api.GetSourceAsync(source.Id)).LastError);
    }

    [Theory]
    [InlineData("http://localhost:{port}/feed.json", "loopback")]
    [InlineData("http://[::1]:{port}/feed.json", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/feed.json", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.0.0.1/feed.xml", "private")]
    [InlineData("http://0.0.0.0:{port}/feed.json", "unspecified")]
    public async Task Every_spelling_of_a_non_public_address_is_refused(string template, string kind)
    {
        var url = template.Replace("{port}", api.Feeds.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var source = await api.CreateSourceAsync(url);

        var poll = await api.PollAsync(source.Id);

        Assert.Equal(PollOutcome.Failed, poll.Outcome);
        Assert.Contains("Refused to connect", poll.Error);
        Assert.Contains(kind, poll.Error);
    }
}

/// <summary>The background service finds due feeds by itself.</summary>
public sealed class BackgroundPollingTests(BackgroundFeedsApiFactory api) : IClassFixture<BackgroundFeedsApiFactory>
{
    [Fact]
    public async Task A_new_feed_is_polled_without_being_asked_and_then_waits_for_its_interval()
    {
        var (path, url) = api.ServeFixture("harbour-gazette.rss.xml", TestArticles.UniqueWord());

        var source = await api.CreateSourceAsync(url);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await api.GetSourceAsync(source.Id)).LastSuccessAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The background poller did not poll the new feed.");
            await Task.Delay(50);
        }
        var polled = await api.GetSourceAsync(source.Id);
        Assert.Equal((4, 3), (polled.ItemsSeen, polled.ItemsAccepted));
        Assert.Equal(3, (await api.ArticlesOfAsync(source.Id)).Count);
        // Due again only after its 15-minute interval: however often the pollers look, nobody fetches it meanwhile.
        Assert.True(polled.NextPollAt > DateTimeOffset.UtcNow.AddMinutes(10));
        await Task.Delay(500);
        Assert.Single(api.Feeds.RequestsFor(path));
    }
}
