using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Features.Alerts;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Ingestion;

namespace NewsEvents.Api.Tests.Operability;

/// <summary>
/// Our own meters are static, so every host in the process reports what any host records: the telemetry tests run
/// alone (after the parallel ones), where the counts a test reads before and after acting are its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(AlertsApiFactory api) : IClassFixture<AlertsApiFactory>
{
    private const string Deliveries = "newsevents_webhook_deliveries_total";

    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_format_with_requests_and_processed_articles()
    {
        using var anonymous = api.CreateAnonymousClient();
        using (var response = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        }
        var scraped = await api.ScrapeAsync();
        var (before, extractionsBefore) = (scraped.Sample("newsevents_articles_processed_total"), scraped.Sample("newsevents_articles_extraction_duration_seconds_count"));

        var article = await api.IngestAsync(TestArticles.New());
        await api.WaitForStatusAsync(article.Id, ArticleStatus.Processed);
        var text = await api.ScrapeAsync(t => t.Sample("newsevents_articles_processed_total") > before);

        Assert.Equal(before + 1, text.Sample("newsevents_articles_processed_total"));
        Assert.Contains("newsevents_articles_processing_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Equal(extractionsBefore + 1, text.Sample("newsevents_articles_extraction_duration_seconds_count"));
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("api/v1/articles", text, StringComparison.Ordinal); // the route label of the POST above
    }

    [Fact]
    public async Task A_delivered_webhook_counts_its_match_and_one_delivered_attempt()
    {
        var word = TestArticles.UniqueWord();
        var (path, url) = api.Receiver.NewPath("hook");
        api.Receiver.Script(path, new FeedServer.Answer(204));
        var alert = await api.CreateAlertAsync(word, url);
        var before = await api.ScrapeAsync();

        await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Delivered }], "the delivery");
        var after = await api.ScrapeAsync(t => t.Sample(Deliveries, Outcome("delivered")) > before.Sample(Deliveries, Outcome("delivered")));

        Assert.Equal(before.Sample(Deliveries, Outcome("delivered")) + 1, after.Sample(Deliveries, Outcome("delivered")));
        Assert.Equal(before.Sample(Deliveries) + 1, after.Sample(Deliveries)); // no failed attempt
        Assert.Equal(before.Sample("newsevents_alert_matches_total") + 1, after.Sample("newsevents_alert_matches_total"));
        Assert.Equal(
            before.Sample("newsevents_webhook_delivery_duration_seconds_count", Outcome("delivered")) + 1,
            after.Sample("newsevents_webhook_delivery_duration_seconds_count", Outcome("delivered")));
    }

    [Fact]
    public async Task A_receiver_that_never_accepts_counts_retried_attempts_then_one_given_up()
    {
        var word = TestArticles.UniqueWord();
        var (path, url) = api.Receiver.NewPath("hook");
        api.Receiver.Script(path, new FeedServer.Answer(500));
        var alert = await api.CreateAlertAsync(word, url);
        var before = await api.ScrapeAsync();

        await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Failed }], "giving up");
        var after = await api.ScrapeAsync(t => t.Sample(Deliveries, Outcome("gave_up")) > before.Sample(Deliveries, Outcome("gave_up")));

        Assert.Equal(before.Sample(Deliveries, Outcome("gave_up")) + 1, after.Sample(Deliveries, Outcome("gave_up")));
        Assert.Equal(before.Sample(Deliveries, Outcome("retrying")) + AlertsApiFactory.MaxAttempts - 1, after.Sample(Deliveries, Outcome("retrying")));
        Assert.Equal(before.Sample(Deliveries, Outcome("delivered")), after.Sample(Deliveries, Outcome("delivered")));
    }

    internal static string Outcome(string outcome) => $"outcome=\"{outcome}\"";
}

[Collection(TelemetryCollection.Name)]
public sealed class QueueTelemetryTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    private const string Depth = "newsevents_ingestion_queue_depth";

    [Fact]
    public async Task Queue_depth_counts_the_queued_items_and_those_a_worker_holds()
    {
        for (var i = 0; i < 3; i++)
        {
            await api.IngestAsync(TestArticles.New());
        }
        var queued = await api.ScrapeAsync(t => t.Sample(Depth, "state=\"queued\"") == 3);
        Assert.Equal((3, 0), (queued.Sample(Depth, "state=\"queued\""), queued.Sample(Depth, "state=\"processing\"")));

        // A worker claims one (the workers are paused here, so the test claims it as a worker would).
        Assert.NotNull(await api.Services.GetRequiredService<IngestionQueue>().ClaimAsync(TestContext.Current.CancellationToken));

        var claimed = await api.ScrapeAsync(t => t.Sample(Depth, "state=\"processing\"") == 1);
        Assert.Equal((2, 1), (claimed.Sample(Depth, "state=\"queued\""), claimed.Sample(Depth, "state=\"processing\"")));
    }
}

[Collection(TelemetryCollection.Name)]
public sealed class FeedTelemetryTests(FeedsApiFactory api) : IClassFixture<FeedsApiFactory>
{
    private const string Polls = "newsevents_feed_polls_total";

    [Fact]
    public async Task Feed_polls_are_counted_by_outcome_with_the_items_they_saw_and_stored()
    {
        var before = await api.ScrapeAsync();

        var (source, updated) = await api.PollFixtureAsync("harbour-gazette.rss.xml", TestArticles.UniqueWord());
        Assert.Equal(PollOutcome.NotModified, (await api.PollAsync(source.Id)).Outcome); // same ETag: 304
        var (path, url) = api.Feeds.NewPath("xml");
        api.Feeds.Script(path, new FeedServer.Answer(500));
        Assert.Equal(PollOutcome.Failed, (await api.PollAsync((await api.CreateSourceAsync(url)).Id)).Outcome);
        var after = await api.ScrapeAsync();

        Assert.Equal(PollOutcome.Updated, updated.Outcome);
        Assert.True(updated.ItemsAccepted > 0);
        foreach (var outcome in new[] { "updated", "not_modified", "failed" })
        {
            Assert.Equal(before.Sample(Polls, TelemetryTests.Outcome(outcome)) + 1, after.Sample(Polls, TelemetryTests.Outcome(outcome)));
            Assert.Equal(
                before.Sample("newsevents_feed_poll_duration_seconds_count", TelemetryTests.Outcome(outcome)) + 1,
                after.Sample("newsevents_feed_poll_duration_seconds_count", TelemetryTests.Outcome(outcome)));
        }
        Assert.Equal(before.Sample("newsevents_feed_items_seen_total") + updated.ItemsSeen, after.Sample("newsevents_feed_items_seen_total"));
        Assert.Equal(before.Sample("newsevents_feed_items_new_total") + updated.ItemsAccepted, after.Sample("newsevents_feed_items_new_total"));
    }
}
