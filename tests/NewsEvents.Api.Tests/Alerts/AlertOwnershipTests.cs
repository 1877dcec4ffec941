using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Alerts;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Alerts;

public sealed class AlertOwnershipTests(AlertsApiFactory api) : IClassFixture<AlertsApiFactory>
{
    [Fact]
    public async Task Each_write_key_sees_only_its_own_alerts_and_an_admin_key_sees_everyones()
    {
        var word = TestArticles.UniqueWord();
        var alice = await api.CreateClientWithKeyAsync($"alice-{word}", "write");
        var bob = await api.CreateClientWithKeyAsync($"bob-{word}", "write");
        var admin = api.CreateClient();
        var ofAlice = await api.CreateAlertAsync(word, client: alice);
        var ofBob = await api.CreateAlertAsync(word, client: bob);

        Assert.NotNull(ofAlice.OwnerKeyId);
        Assert.NotNull(ofBob.OwnerKeyId);
        Assert.NotEqual(ofAlice.OwnerKeyId, ofBob.OwnerKeyId);
        Assert.Equal([ofAlice.Id], await ListAsync(alice));
        Assert.Equal([ofBob.Id], await ListAsync(bob));
        Assert.Equal(ofAlice.Id, (await alice.GetFromJsonAsync<AlertResponse>($"/api/v1/alerts/{ofAlice.Id}", NewsEventsApiFactory.Json))!.Id);
        await ProblemAssertions.AssertProblemAsync(await alice.GetAsync($"/api/v1/alerts/{ofBob.Id}"), HttpStatusCode.NotFound);

        var everyones = await ListAsync(admin);
        Assert.Contains(ofAlice.Id, everyones);
        Assert.Contains(ofBob.Id, everyones);
        Assert.Equal([ofBob.Id], await ListAsync(admin, $"owner={ofBob.OwnerKeyId}"));
        Assert.Empty(await ListAsync(alice, $"owner={ofBob.OwnerKeyId}")); // the filter only narrows what a key may see
        Assert.Equal(ofBob.Id, (await admin.GetFromJsonAsync<AlertResponse>($"/api/v1/alerts/{ofBob.Id}", NewsEventsApiFactory.Json))!.Id);
    }

    [Fact]
    public async Task A_key_cannot_change_delete_or_read_the_matches_of_another_keys_alert_but_an_admin_key_can()
    {
        var word = TestArticles.UniqueWord();
        var alice = await api.CreateClientWithKeyAsync($"alice-{word}", "write");
        var bob = await api.CreateClientWithKeyAsync($"bob-{word}", "write");
        var ofAlice = await api.CreateAlertAsync(word, client: alice);

        await ProblemAssertions.AssertProblemAsync(
            await bob.PatchAsJsonAsync($"/api/v1/alerts/{ofAlice.Id}", new { active = false, name = "taken" }), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await bob.DeleteAsync($"/api/v1/alerts/{ofAlice.Id}"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await bob.GetAsync($"/api/v1/alerts/{ofAlice.Id}/matches"), HttpStatusCode.NotFound);

        var unchanged = (await alice.GetFromJsonAsync<AlertResponse>($"/api/v1/alerts/{ofAlice.Id}", NewsEventsApiFactory.Json))!;
        Assert.True(unchanged.Active);
        Assert.Equal("test", unchanged.Name);
        using (var matches = await alice.GetAsync($"/api/v1/alerts/{ofAlice.Id}/matches"))
        {
            Assert.Equal(HttpStatusCode.OK, matches.StatusCode);
        }

        var admin = api.CreateClient();
        using (var paused = await admin.PatchAsJsonAsync($"/api/v1/alerts/{ofAlice.Id}", new { active = false }))
        {
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }
        Assert.False((await alice.GetFromJsonAsync<AlertResponse>($"/api/v1/alerts/{ofAlice.Id}", NewsEventsApiFactory.Json))!.Active);
        using (var deleted = await admin.DeleteAsync($"/api/v1/alerts/{ofAlice.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        await ProblemAssertions.AssertProblemAsync(await alice.GetAsync($"/api/v1/alerts/{ofAlice.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Alerts_need_a_write_key_even_to_be_read()
    {
        var word = TestArticles.UniqueWord();
        var alert = await api.CreateAlertAsync(word);
        var reader = await api.CreateClientWithKeyAsync($"reader-{word}", "read");

        foreach (var path in new[] { "/api/v1/alerts", $"/api/v1/alerts/{alert.Id}", $"/api/v1/alerts/{alert.Id}/matches" })
        {
            await ProblemAssertions.AssertProblemAsync(await api.CreateAnonymousClient().GetAsync(path), HttpStatusCode.Unauthorized);
            await ProblemAssertions.AssertProblemAsync(await reader.GetAsync(path), HttpStatusCode.Forbidden);
        }
        await ProblemAssertions.AssertProblemAsync(
            await api.CreateAnonymousClient().PostAsJsonAsync("/api/v1/alerts", new { query = word }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Alerts_made_before_alerts_had_owners_are_seen_only_by_admin_keys()
    {
        var word = TestArticles.UniqueWord();
        var alice = await api.CreateClientWithKeyAsync($"alice-{word}", "write");
        var ownerless = await api.CreateAlertAsync(word, client: alice);
        await using (var db = api.CreateDbContext())
        {
            await db.Alerts.Where(a => a.Id == ownerless.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.OwnerKeyId, (Guid?)null));
        }

        Assert.Empty(await ListAsync(alice));
        await ProblemAssertions.AssertProblemAsync(await alice.GetAsync($"/api/v1/alerts/{ownerless.Id}"), HttpStatusCode.NotFound);
        var seen = (await api.CreateClient().GetFromJsonAsync<AlertResponse>($"/api/v1/alerts/{ownerless.Id}", NewsEventsApiFactory.Json))!;
        Assert.Null(seen.OwnerKeyId);
    }

    private static async Task<List<Guid>> ListAsync(HttpClient client, string filter = "")
    {
        var page = (await client.GetFromJsonAsync<ListResponse>($"/api/v1/alerts?limit=100&{filter}", NewsEventsApiFactory.Json))!;
        Assert.Null(page.NextCursor); // each test's alerts fit on one page
        return page.Items.Select(a => a.Id).ToList();
    }

    private sealed record ListResponse(List<AlertResponse> Items, string? NextCursor);
}
