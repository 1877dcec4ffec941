using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Entities;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Api.Tests.Stories;
using NewsEvents.Core.Curation;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Tests.Entities;

/// <summary>Curation through HTTP: aliases, merges, splits, types, rejected events and quotes, and the history of each.</summary>
public sealed class CurationTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    private static readonly DateTimeOffset Day = new(2024, 5, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_added_alias_sends_later_articles_to_the_entity_and_is_recorded_with_its_curator()
    {
        await IngestAsync("Finance Minister Ivan Petrovsky said on Monday that the budget would shrink.");
        var ivan = await FindAsync("Ivan Petrovsky");

        using var added = await (await CuratorAsync("alice")).PostAsJsonAsync($"/api/v1/entities/{ivan}/aliases", new { name = "Jan Petrovsky" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal($"/api/v1/entities/{ivan}", added.Headers.Location?.OriginalString);
        Assert.Contains("Jan Petrovsky", (await ReadAsync<EntityDetailResponse>(added)).Aliases);
        using var again = await (await CuratorAsync("alice")).PostAsJsonAsync($"/api/v1/entities/{ivan}/aliases", new { name = "jan petrovsky" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        await IngestAsync("Freedonian leader Jan Petrovsky visited Stockholm on Tuesday.");
        Assert.Equal(2, (await DetailAsync(ivan)).ArticleCount);
        Assert.Equal(ivan, await FindAsync("Jan Petrovsky"));

        var history = await HistoryAsync(ivan);
        var change = Assert.Single(history.Items);
        Assert.Equal((CurationAction.AliasAdded, "alice", ivan), (change.Action, change.Curator, change.SubjectId));
        Assert.DoesNotContain("person:jan petrovsky", Keys(change.Before!.Value));
        Assert.Contains("person:jan petrovsky", Keys(change.After!.Value));
    }

    [Fact]
    public async Task An_alias_another_entity_has_is_a_conflict_naming_that_entity()
    {
        await IngestAsync("Defence Minister Karl Oberhauser met Finance Minister Greta Lindholm in Vienna.");
        var karl = await FindAsync("Karl Oberhauser");
        var greta = await FindAsync("Greta Lindholm");

        using var response = await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{karl}/aliases", new { name = "Greta Lindholm" });

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(greta.ToString(), problem.Extensions["entityId"]?.ToString());
    }

    [Fact]
    public async Task A_removed_alias_no_longer_finds_the_entity_but_its_creation_name_cannot_be_removed()
    {
        await IngestAsync("Trade Minister Pieter Vandersloot said exports rose.");
        var pieter = await FindAsync("Pieter Vandersloot");
        (await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{pieter}/aliases", new { name = "Piet Vandersloot" })).Dispose();

        using var removed = await (await CuratorAsync("bob")).DeleteAsync($"/api/v1/entities/{pieter}/aliases/{Uri.EscapeDataString("piet vandersloot")}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain("Piet Vandersloot", (await ReadAsync<EntityDetailResponse>(removed)).Aliases);

        await IngestAsync("Piet Vandersloot opened a bakery in Utrecht on Friday.");
        Assert.NotEqual(pieter, await FindAsync("Piet Vandersloot"));
        Assert.Equal(1, (await DetailAsync(pieter)).ArticleCount);
        Assert.Equal(CurationAction.AliasRemoved, (await HistoryAsync(pieter)).Items[0].Action);

        using var creationName = await (await CuratorAsync()).DeleteAsync($"/api/v1/entities/{pieter}/aliases/{Uri.EscapeDataString("Pieter Vandersloot")}");
        await ProblemAsync(creationName, HttpStatusCode.Conflict);
        using var unknown = await (await CuratorAsync()).DeleteAsync($"/api/v1/entities/{pieter}/aliases/nobody");
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_merge_moves_coverage_events_and_quotes_to_the_survivor_and_the_old_id_redirects_there()
    {
        var first = await IngestAsync("Olga Brennan criticised Sweden on Monday. \"We will not back down,\" Olga Brennan said in Stockholm.");
        var second = await IngestAsync("Olga Brenan criticised Norway on Tuesday. \"We will not pay,\" Olga Brenan said in Oslo.", Day.AddDays(1));
        var survivor = await FindAsync("Olga Brennan");
        var merged = await FindAsync("Olga Brenan");
        var before = await DetailAsync(survivor);
        var mergedBefore = await DetailAsync(merged);

        using var response = await (await CuratorAsync("carol")).PostAsJsonAsync($"/api/v1/entities/{merged}/merge", new { into = survivor });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await ReadAsync<EntityDetailResponse>(response);
        Assert.Equal((survivor, 2, before.MentionCount + mergedBefore.MentionCount), (after.Id, after.ArticleCount, after.MentionCount));
        Assert.Contains("Olga Brenan", after.Aliases);
        Assert.Equal((Day, Day.AddDays(1)), (after.FirstSeen, after.LastSeen));

        var articles = await GetAsync<ListPage<ArticleHit>>($"/api/v1/entities/{survivor}/articles");
        Assert.Equal([second, first], articles.Items.Select(a => a.Id));
        var quotes = await GetAsync<ListPage<QuoteHit>>($"/api/v1/entities/{survivor}/quotes");
        Assert.Equal(2, quotes.Items.Count);
        Assert.All(quotes.Items, q => Assert.Equal(survivor, q.Speaker?.Id));
        var events = await GetAsync<ListPage<EventHit>>($"/api/v1/entities/{survivor}/events");
        Assert.Contains(events.Items, e => e.ArticleId == second && e.Actor?.Id == survivor);
        var timeline = await GetAsync<TimelineResponse>($"/api/v1/entities/{survivor}/timeline?from=2024-05-06&to=2024-05-07");
        Assert.Equal([1, 1], timeline.Buckets.Select(b => b.Articles));
        var norway = await FindAsync("Norway");
        var related = await GetAsync<RelatedResponse>($"/api/v1/entities/{norway}/related");
        Assert.Contains(related.Items, r => r.Id == survivor);
        Assert.DoesNotContain(related.Items, r => r.Id == merged);
        var listed = await GetAsync<ListPage<EntityHit>>("/api/v1/entities?type=person&limit=100");
        Assert.DoesNotContain(listed.Items, e => e.Id == merged);

        await AssertStoryCentroidsMatchMembersAsync(first, second);

        var change = (await HistoryAsync(survivor)).Items[0];
        Assert.Equal((CurationAction.Merged, "carol", merged), (change.Action, change.Curator, change.SubjectId));
        Assert.Equal(mergedBefore.ArticleCount, change.Before!.Value.GetProperty("merged").GetProperty("articleCount").GetInt32());
        Assert.Equal(2, change.After!.Value.GetProperty("survivor").GetProperty("articleCount").GetInt32());

        // Later articles naming the merged entity land on the survivor.
        await IngestAsync("Olga Brenan visited Helsinki on Friday.", Day.AddDays(4));
        Assert.Equal(3, (await DetailAsync(survivor)).ArticleCount);
        Assert.Equal(survivor, await FindAsync("Olga Brenan"));
    }

    [Theory]
    [InlineData("", "", "Henrik Aalborg", "Henrik Alborg")]
    [InlineData("/timeline", "?interval=week&from=2024-05-06", "Sigrid Nyhavn", "Sigrid Nyhaven")]
    [InlineData("/history", "?limit=5", "Bjorn Eskeland", "Bjorn Eskelund")]
    [InlineData("/quotes", "", "Freya Lindgren", "Freya Lindgrin")]
    public async Task A_merged_entity_answers_301_to_the_same_resource_of_the_survivor(string path, string query, string name, string misspelt)
    {
        await IngestAsync($"Trade envoy {name} spoke in Bergen.");
        await IngestAsync($"Trade envoy {misspelt} spoke in Bergen.");
        var survivor = await FindAsync(name);
        var merged = await FindAsync(misspelt);
        (await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{survivor}/merge", new { from = merged })).Dispose();

        using var client = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync($"/api/v1/entities/{merged}{path}{query}");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/api/v1/entities/{survivor}{path}{query}", response.Headers.Location?.OriginalString);
        using var followed = await api.CreateClient().GetAsync($"/api/v1/entities/{merged}{path}{query}");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
    }

    [Fact]
    public async Task Merges_that_make_no_sense_are_refused_with_problems()
    {
        await IngestAsync("Senator Lucia Ferrante met Senator Marco Ferrante and Senator Paola Ferrante in Rome.");
        var lucia = await FindAsync("Lucia Ferrante");
        var marco = await FindAsync("Marco Ferrante");
        var paola = await FindAsync("Paola Ferrante");
        (await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{marco}/merge", new { into = lucia })).Dispose();

        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{lucia}/merge", new { into = lucia }), HttpStatusCode.Conflict);
        var intoMerged = await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{paola}/merge", new { into = marco }), HttpStatusCode.Conflict);
        Assert.Equal(lucia.ToString(), intoMerged.Extensions["entityId"]?.ToString());
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{paola}/merge", new { into = Guid.NewGuid() }), HttpStatusCode.NotFound);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{paola}/merge", new { into = lucia, from = marco }), HttpStatusCode.BadRequest);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{paola}/merge", new { }), HttpStatusCode.BadRequest);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{marco}/aliases", new { name = "Marco F" }), HttpStatusCode.Conflict);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{Guid.NewGuid()}/aliases", new { name = "Anyone" }), HttpStatusCode.NotFound);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{paola}/aliases", new { name = "  --  " }), HttpStatusCode.BadRequest);
        Assert.Equal(1, (await DetailAsync(paola)).ArticleCount);
    }

    [Fact]
    public async Task Splitting_a_wrongly_merged_name_moves_it_with_its_mentions_events_and_quotes_to_a_new_entity()
    {
        var tomasArticle = await IngestAsync("Tomas Varga criticised Hungary on Monday in Budapest.");
        var tamasArticle = await IngestAsync("\"The border stays open,\" Tamas Varga said in Szeged. Tamas Varga criticised Serbia.", Day.AddDays(2));
        var tomas = await FindAsync("Tomas Varga");
        (await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{await FindAsync("Tamas Varga")}/merge", new { into = tomas })).Dispose();
        Assert.Equal(2, (await DetailAsync(tomas)).ArticleCount);

        using var response = await (await CuratorAsync("dana")).PostAsJsonAsync($"/api/v1/entities/{tomas}/split", new { alias = "Tamas Varga" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ReadAsync<EntityDetailResponse>(response);
        Assert.Equal($"/api/v1/entities/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Tamas Varga", EntityType.Person, 1), (created.Name, created.Type, created.ArticleCount));
        var tomasAfter = await DetailAsync(tomas);
        Assert.Equal(1, tomasAfter.ArticleCount);
        Assert.DoesNotContain("Tamas Varga", tomasAfter.Aliases);
        Assert.Equal([tamasArticle], (await GetAsync<ListPage<ArticleHit>>($"/api/v1/entities/{created.Id}/articles")).Items.Select(a => a.Id));
        Assert.Equal([tomasArticle], (await GetAsync<ListPage<ArticleHit>>($"/api/v1/entities/{tomas}/articles")).Items.Select(a => a.Id));
        Assert.Single((await GetAsync<ListPage<QuoteHit>>($"/api/v1/entities/{created.Id}/quotes")).Items);
        Assert.Empty((await GetAsync<ListPage<QuoteHit>>($"/api/v1/entities/{tomas}/quotes")).Items);
        Assert.All((await GetAsync<ListPage<EventHit>>($"/api/v1/entities/{tomas}/events")).Items, e => Assert.Equal(tomasArticle, e.ArticleId));

        await AssertStoryCentroidsMatchMembersAsync(tomasArticle, tamasArticle);

        var change = (await HistoryAsync(tomas)).Items[0];
        Assert.Equal((CurationAction.Split, "dana"), (change.Action, change.Curator));
        Assert.Equal(created.Id, change.After!.Value.GetProperty("created").GetProperty("id").GetGuid());
        Assert.Equal(change.Id, (await HistoryAsync(created.Id)).Items[0].Id);

        await IngestAsync("Tamas Varga returned to Szeged on Sunday.", Day.AddDays(5));
        Assert.Equal(created.Id, await FindAsync("Tamas Varga"));
        Assert.Equal(2, (await DetailAsync(created.Id)).ArticleCount);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{tomas}/split", new { alias = "Tomas Varga" }), HttpStatusCode.Conflict);
        await ProblemAsync(await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{tomas}/split", new { alias = "Nobody" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Titles_and_dated_quotes_follow_a_merge_and_a_split()
    {
        await IngestAsync("On Monday, Finance Minister Aino Kettunen visited Oulu.");
        await IngestAsync("In Espoo, Finance Minister Aino Kettunen opened a bank. \"We will cut the deficit,\" Aino Kettunen said.", Day.AddDays(1));
        await IngestAsync("In Turku, Defence Minister Aino Ketunen met soldiers. \"The army will grow,\" Aino Ketunen said.", Day.AddDays(3));
        var aino = await FindAsync("Aino Kettunen");
        var misspelt = await FindAsync("Aino Ketunen");
        var (ainoTitles, misspeltTitles) = ((await DetailAsync(aino)).Titles, (await DetailAsync(misspelt)).Titles);
        Assert.NotEmpty(misspeltTitles);
        Assert.Empty(ainoTitles.Intersect(misspeltTitles));

        (await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{misspelt}/merge", new { into = aino })).Dispose();

        Assert.Equal(ainoTitles.Concat(misspeltTitles).Order(), (await DetailAsync(aino)).Titles.Order());
        var quotes = (await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={aino}")).Items;
        Assert.Equal([Day.AddDays(3), Day.AddDays(1)], quotes.Select(q => q.PublishedAt));

        using var split = await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{aino}/split", new { alias = "Aino Ketunen" });
        var created = await ReadAsync<EntityDetailResponse>(split);

        Assert.Equal(ainoTitles, (await DetailAsync(aino)).Titles);
        Assert.Equal(misspeltTitles, created.Titles);
        Assert.Equal([Day.AddDays(1)], (await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={aino}")).Items.Select(q => q.PublishedAt));
        Assert.Equal([Day.AddDays(3)], (await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={created.Id}")).Items.Select(q => q.PublishedAt));
    }

    [Fact]
    public async Task Changing_the_type_changes_the_detail_and_its_etag_and_is_recorded()
    {
        await IngestAsync("Shares of Quorvex Dynamics rose after Quorvex Dynamics said profits doubled.");
        var quorvex = await FindAsync("Quorvex Dynamics");
        using var first = await api.CreateClient().GetAsync($"/api/v1/entities/{quorvex}");
        var etag = first.Headers.ETag!;
        var type = (await ReadAsync<EntityDetailResponse>(first)).Type;
        var newType = type == EntityType.Organization ? EntityType.Other : EntityType.Organization;

        using var patched = await (await CuratorAsync()).PatchAsJsonAsync($"/api/v1/entities/{quorvex}", new { type = newType }, NewsEventsApiFactory.Json);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(newType, (await ReadAsync<EntityDetailResponse>(patched)).Type);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/entities/{quorvex}");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var refetched = await api.CreateClient().SendAsync(conditional);
        Assert.Equal(HttpStatusCode.OK, refetched.StatusCode);
        Assert.NotEqual(etag, refetched.Headers.ETag);
        var change = (await HistoryAsync(quorvex)).Items[0];
        Assert.Equal(CurationAction.TypeChanged, change.Action);
        Assert.Equal(JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString()), change.Before!.Value.GetProperty("type").GetString());
        Assert.Contains(EntityKeys.For(newType, "Quorvex Dynamics"), Keys(change.After!.Value));

        await ProblemAsync(await (await CuratorAsync()).PatchAsJsonAsync($"/api/v1/entities/{quorvex}", new { type = "planet" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await (await CuratorAsync()).PatchAsJsonAsync($"/api/v1/entities/{Guid.NewGuid()}", new { type = "person" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rejected_event_is_hidden_unless_asked_for_and_can_be_restored()
    {
        await IngestAsync("Minister Edda Thorsdottir criticised Denmark on Monday.");
        var edda = await FindAsync("Edda Thorsdottir");
        var eventId = Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/entities/{edda}/events")).Items).Id;

        using var rejected = await (await CuratorAsync("erin")).PostAsync($"/api/v1/events/{eventId}/reject", null);

        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        Assert.Empty((await GetAsync<ListPage<EventHit>>($"/api/v1/events?actor={edda}")).Items);
        Assert.True(Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/events?actor={edda}&includeRejected=true")).Items).Rejected);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync($"/api/v1/events/{eventId}")).StatusCode);
        var change = (await HistoryAsync(edda)).Items[0];
        Assert.Equal((CurationAction.EventRejected, "erin", eventId), (change.Action, change.Curator, change.SubjectId));

        using var restored = await (await CuratorAsync()).PostAsync($"/api/v1/events/{eventId}/restore", null);
        Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        Assert.False(Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/events?actor={edda}")).Items).Rejected);
        var restoredChange = (await HistoryAsync(edda)).Items[0];
        Assert.Equal((CurationAction.EventRestored, DefaultCurator), (restoredChange.Action, restoredChange.Curator));
        await ProblemAsync(await (await CuratorAsync()).PostAsync($"/api/v1/events/{Guid.NewGuid()}/reject", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rejected_quote_is_hidden_unless_asked_for_and_can_be_restored()
    {
        await IngestAsync("\"We will build the bridge,\" Mayor Rasmus Kjeldgaard said in Aarhus.");
        var rasmus = await FindAsync("Rasmus Kjeldgaard");
        var quoteId = Assert.Single((await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={rasmus}")).Items).Id;

        using var rejected = await api.CreateClient().PostAsync($"/api/v1/quotes/{quoteId}/reject", null);

        Assert.Equal(HttpStatusCode.NoContent, rejected.StatusCode);
        Assert.Empty((await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={rasmus}")).Items);
        Assert.True(Assert.Single((await GetAsync<ListPage<QuoteHit>>($"/api/v1/entities/{rasmus}/quotes?includeRejected=true")).Items).Rejected);
        var change = (await HistoryAsync(rasmus)).Items[0];
        Assert.Equal((CurationAction.QuoteRejected, NewsEventsApiFactory.BootstrapKeyName, quoteId), (change.Action, change.Curator, change.SubjectId));
        Assert.NotEqual(JsonValueKind.Null, change.After!.Value.GetProperty("rejectedAt").ValueKind);

        (await (await CuratorAsync()).PostAsync($"/api/v1/quotes/{quoteId}/restore", null)).Dispose();
        Assert.Single((await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={rasmus}")).Items);
        await ProblemAsync(await (await CuratorAsync()).PostAsync($"/api/v1/quotes/{Guid.NewGuid()}/restore", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_pages_newest_first_without_repeats()
    {
        await IngestAsync("Ambassador Ingrid Solberg-Hansen arrived in Tromso.");
        var ingrid = await FindAsync("Ingrid Solberg-Hansen");
        foreach (var name in new[] { "Ingrid Solberg", "Ingrid Hansen", "I Solberg-Hansen" })
        {
            (await (await CuratorAsync()).PostAsJsonAsync($"/api/v1/entities/{ingrid}/aliases", new { name })).Dispose();
        }

        var first = await HistoryAsync(ingrid, "?limit=2");
        var second = await HistoryAsync(ingrid, $"?limit=2&cursor={first.NextCursor}");

        Assert.Equal(3, first.Items.Concat(second.Items).Select(c => c.Id).Distinct().Count());
        Assert.True(first.Items[0].Id > first.Items[1].Id && first.Items[1].Id > second.Items[0].Id);
        Assert.Null(second.NextCursor);
        await ProblemAsync(await api.CreateClient().GetAsync($"/api/v1/entities/{ingrid}/history?cursor=nonsense"), HttpStatusCode.BadRequest);
        await ProblemAsync(await api.CreateClient().GetAsync($"/api/v1/entities/{Guid.NewGuid()}/history"), HttpStatusCode.NotFound);
    }

    private const string DefaultCurator = "tester";

    /// <summary>A client with an admin key of this name: the curator history records.</summary>
    private Task<HttpClient> CuratorAsync(string name = DefaultCurator) => api.CreateClientWithKeyAsync(name);

    private async Task<Guid> IngestAsync(string body, DateTimeOffset? publishedAt = null) =>
        (await api.IngestAndProcessAsync(TestArticles.New(body: body, publishedAt: publishedAt ?? Day))).Id;

    /// <summary>The entity an exact name search ranks first.</summary>
    private async Task<Guid> FindAsync(string name)
    {
        var page = await GetAsync<ListPage<EntityHit>>($"/api/v1/entities?q={Uri.EscapeDataString(name)}");
        Assert.True(page.Items.Count > 0 && page.Items[0].Score == 2.0, $"No entity is named '{name}'.");
        return page.Items[0].Id;
    }

    /// <summary>The stories of these articles count exactly the entities their members mention, whatever curation moved.</summary>
    private async Task AssertStoryCentroidsMatchMembersAsync(params Guid[] articles)
    {
        await using var db = api.CreateDbContext();
        var stories = await db.Articles.Where(a => articles.Contains(a.Id) && a.StoryId != null).Select(a => a.StoryId!.Value).Distinct().ToListAsync();
        Assert.NotEmpty(stories);
        foreach (var story in stories)
        {
            await StoryTests.AssertCentroidMatchesMembersAsync(api, story);
        }
    }

    private Task<EntityDetailResponse> DetailAsync(Guid id) => GetAsync<EntityDetailResponse>($"/api/v1/entities/{id}");

    private Task<ListPage<CurationChangeHit>> HistoryAsync(Guid id, string query = "") =>
        GetAsync<ListPage<CurationChangeHit>>($"/api/v1/entities/{id}/history{query}");

    private static IEnumerable<string?> Keys(JsonElement state) =>
        state.GetProperty("aliases").EnumerateArray().Select(alias => alias.GetProperty("key").GetString());

    private async Task<T> GetAsync<T>(string url)
    {
        using var response = await api.CreateClient().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<T>(response);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(NewsEventsApiFactory.Json))!;

    private static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return (await response.Content.ReadFromJsonAsync<ProblemDetails>(NewsEventsApiFactory.Json))!;
        }
    }
}
