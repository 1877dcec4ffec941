using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsEvents.Api.Features.Alerts;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Alerts;
using Npgsql;

namespace NewsEvents.Api.Tests.Alerts;

public sealed class AlertTests(AlertsApiFactory api) : IClassFixture<AlertsApiFactory>
{
    [Fact]
    public async Task An_alert_matches_only_the_new_articles_that_meet_its_query_and_not_near_duplicate_copies()
    {
        var word = TestArticles.UniqueWord();
        var before = await api.IngestAndProcessAsync(TestArticles.New(body: $"Early news of the {word} harbour."));
        var alert = await api.CreateAlertAsync($"{word} harbour -storm");

        var match = await api.IngestAndProcessAsync(TestArticles.New(body: $"The {word} harbour reopened on Monday after repairs to the quay."));
        await api.IngestAndProcessAsync(TestArticles.New(body: $"A storm closed the {word} harbour again."));
        await api.IngestAndProcessAsync(TestArticles.New(body: $"The {word} market was quiet."));
        var story = string.Concat(Enumerable.Range(1, 20).Select(day =>
            $"On day {day} dock workers at the {word} harbour unloaded {day * 7} tonnes of grain from ship number {day + 40}. "));
        var original = await api.IngestAndProcessAsync(TestArticles.New(title: $"Grain at {word}", body: story, source: "Wire A"));
        var copy = await api.IngestAndProcessAsync(TestArticles.New(title: $"Timber at {word}", body: story + " Reprinted.", source: "Wire B"));

        Assert.Equal(original.Id, copy.DuplicateOf);
        var matches = await api.MatchesAsync(alert.Id);
        Assert.Equal(new[] { original.Id, match.Id }, matches.Select(m => m.ArticleId)); // newest match first
        Assert.DoesNotContain(matches, m => m.ArticleId == before.Id);
        Assert.All(matches, m => Assert.Null(m.Delivery)); // no webhook, nothing to deliver
    }

    [Fact]
    public async Task A_fielded_alert_matches_articles_that_mention_the_entity_and_no_others()
    {
        var source = $"Desk {TestArticles.UniqueWord()}";
        await api.IngestAndProcessAsync(TestArticles.New(body: "North Korean leader Kim Jong-un inspected a missile factory.", source: source));
        var alert = await api.CreateAlertAsync($"entity:\"Kim Jong-un\" source:\"{source}\"");

        var about = await api.IngestAndProcessAsync(TestArticles.New(
            body: "Kim Jong-un will travel to Russia by armoured train to meet Vladimir Putin.", source: source));
        await api.IngestAndProcessAsync(TestArticles.New(body: "Vladimir Putin met Xi Jinping in Beijing on Tuesday.", source: source));
        await api.IngestAndProcessAsync(TestArticles.New(body: "Kim Jong-un watched a parade in Pyongyang.", source: $"Other {source}"));

        Assert.Equal([about.Id], (await api.MatchesAsync(alert.Id)).Select(m => m.ArticleId));
    }

    [Theory]
    [InlineData("type:nothing")]
    [InlineData("from:2023-02-30")]
    [InlineData("entity:\"Zzyzx Qwertyuiop Plonk\"")]
    [InlineData("   ")]
    public async Task An_alert_whose_query_cannot_be_run_is_refused_with_a_problem(string query)
    {
        using var response = await api.CreateClient().PostAsJsonAsync("/api/v1/alerts", new { query });

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_webhook_receives_each_match_signed_with_the_secret_shown_once()
    {
        var word = TestArticles.UniqueWord();
        var (path, url) = api.Receiver.NewPath("hook");
        api.Receiver.Script(path, new FeedServer.Answer(204));
        var alert = await api.CreateAlertAsync(word, url);
        Assert.StartsWith("whsec_", alert.WebhookSecret);
        Assert.Null((await api.CreateClient().GetFromJsonAsync<AlertResponse>($"/api/v1/alerts/{alert.Id}", NewsEventsApiFactory.Json))!.WebhookSecret);

        var article = await api.IngestAndProcessAsync(TestArticles.New(title: $"The {word} report", url: $"https://example.com/{word}"));
        var matches = await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Delivered }], "the delivery");

        var request = Assert.Single(api.Receiver.RequestsFor(path));
        var timestamp = request.Headers[WebhookSignature.TimestampHeader];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(alert.WebhookSecret!), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body}")));
        Assert.Equal(expected, request.Headers[WebhookSignature.SignatureHeader]);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var payload = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(alert.Id, payload.GetProperty("alertId").GetGuid());
        Assert.Equal(article.Id, payload.GetProperty("articleId").GetGuid());
        Assert.Equal($"The {word} report", payload.GetProperty("title").GetString());
        Assert.Equal($"https://example.com/{word}", payload.GetProperty("url").GetString());
        Assert.Equal(matches[0].MatchedAt, payload.GetProperty("matchedAt").GetDateTimeOffset());
        Assert.Equal(1, matches[0].Delivery!.Attempts);
    }

    [Fact]
    public async Task A_failing_receiver_gets_retries_of_the_same_delivery_until_it_accepts_one()
    {
        var word = TestArticles.UniqueWord();
        var (path, url) = api.Receiver.NewPath("hook");
        api.Receiver.Script(path, new FeedServer.Answer(200), new FeedServer.Answer(500), new FeedServer.Answer(503));
        var alert = await api.CreateAlertAsync(word, url);

        await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        var match = Assert.Single(await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Delivered }], "the delivery"));

        Assert.Equal(3, match.Delivery!.Attempts);
        Assert.Null(match.Delivery.LastError);
        var requests = api.Receiver.RequestsFor(path);
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct());
        Assert.Single(requests.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task A_receiver_that_never_accepts_is_given_up_after_the_last_attempt_with_its_error_kept()
    {
        var word = TestArticles.UniqueWord();
        var (path, url) = api.Receiver.NewPath("hook");
        api.Receiver.Script(path, new FeedServer.Answer(500));
        var alert = await api.CreateAlertAsync(word, url);

        await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        var match = Assert.Single(await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Failed }], "giving up"));

        Assert.Equal(AlertsApiFactory.MaxAttempts, match.Delivery!.Attempts);
        Assert.Contains("500", match.Delivery.LastError);
        await Task.Delay(300); // several retry delays: nobody tries again
        Assert.Equal(AlertsApiFactory.MaxAttempts, api.Receiver.RequestsFor(path).Count);
    }

    [Fact]
    public async Task A_webhook_to_a_refused_address_fails_without_a_request_being_sent()
    {
        var word = TestArticles.UniqueWord();
        var alert = await api.CreateAlertAsync(word, $"http://127.0.0.2:{api.Receiver.BaseUri.Port}/hook");

        await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        var match = Assert.Single(await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Failed }], "giving up"));

        Assert.Contains("loopback", match.Delivery!.LastError);
    }

    [Fact]
    public async Task Alerts_are_listed_paused_and_deleted_with_their_matches()
    {
        var word = TestArticles.UniqueWord();
        var first = await api.CreateAlertAsync(word);
        var second = await api.CreateAlertAsync($"{word} -other");
        var client = api.CreateClient();

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/alerts?limit=1");
        var next = page.GetProperty("nextCursor").GetString();
        Assert.NotNull(next);
        var following = await client.GetFromJsonAsync<JsonElement>($"/api/v1/alerts?limit=100&cursor={next}");
        var ids = page.GetProperty("items").EnumerateArray().Concat(following.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.True(ids.IndexOf(second.Id) < ids.IndexOf(first.Id)); // newest first

        using (var paused = await client.PatchAsJsonAsync($"/api/v1/alerts/{second.Id}", new { active = false }))
        {
            Assert.False((await paused.Content.ReadFromJsonAsync<AlertResponse>(NewsEventsApiFactory.Json))!.Active);
        }
        var article = await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        Assert.Equal([article.Id], (await api.MatchesAsync(first.Id)).Select(m => m.ArticleId));
        Assert.Empty(await api.MatchesAsync(second.Id));

        using (var deleted = await client.DeleteAsync($"/api/v1/alerts/{first.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        await ProblemAssertions.AssertProblemAsync(await client.GetAsync($"/api/v1/alerts/{first.Id}"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await client.GetAsync($"/api/v1/alerts/{first.Id}/matches"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await client.GetAsync($"/api/v1/alerts/{second.Id}/matches?cursor=bm90"), HttpStatusCode.BadRequest);
    }
}

public sealed class WebhookRecoveryTests(UndeliveredAlertsApiFactory api) : IClassFixture<UndeliveredAlertsApiFactory>
{
    [Fact]
    public async Task A_delivery_held_by_a_deliverer_that_died_is_delivered_by_the_next_process_once_its_lease_runs_out()
    {
        var word = TestArticles.UniqueWord();
        var (path, url) = api.Receiver.NewPath("hook");
        api.Receiver.Script(path, new FeedServer.Answer(200));
        var alert = await api.CreateAlertAsync(word, url);
        await api.IngestAndProcessAsync(TestArticles.New(body: $"News from {word}."));
        Assert.Equal(DeliveryStatus.Pending, Assert.Single(await api.MatchesAsync(alert.Id)).Delivery!.Status);

        var deadDeliverer = new WebhookOutbox(
            api.Services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System,
            Options.Create(new AlertOptions { DeliveryLease = TimeSpan.FromSeconds(1) }));
        Assert.NotNull(await deadDeliverer.ClaimAsync(default));

        using var restarted = api.WithWebHostBuilder(builder => builder.UseSetting("Alerts:DeliverWebhooks", "true"));
        restarted.CreateClient(); // starts its deliverers
        var match = Assert.Single(await api.WaitForMatchesAsync(alert.Id, m => m is [{ Delivery.Status: DeliveryStatus.Delivered }], "the delivery"));

        Assert.Equal(2, match.Delivery!.Attempts); // the dead one's claim counted as an attempt
        Assert.Single(api.Receiver.RequestsFor(path));
    }
}
