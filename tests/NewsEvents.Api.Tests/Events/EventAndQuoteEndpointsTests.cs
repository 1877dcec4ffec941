using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Events;
using NewsEvents.Api.Tests.Entities;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Tests.Events;

/// <summary>Events and quotes as analysts query them, over extraction results written directly (so the data is exact).</summary>
public sealed class EventAndQuoteEndpointsTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    private static readonly DateOnly SummitDay = new(2023, 9, 13);

    [Fact]
    public async Task Reports_of_one_event_by_several_sources_are_linked_and_filtered_by_corroboration()
    {
        var (kim, putin) = (Person($"Kim {Word()}"), Person($"Putin {Word()}"));
        var reports = new List<Guid>();
        foreach (var source in new[] { "Wire A", "Wire B", "Wire C", "Wire A" })
        {
            reports.Add(await WriteAsync(source, "Kim will meet Putin.", [kim, putin], Meeting(0, 1, SummitDay)));
        }
        var other = await WriteAsync("Wire D", "Kim will meet Putin.", [kim, putin], Meeting(1, 0, SummitDay));

        var page = await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={await EntityIdAsync(kim.Name)}&limit=100");
        Assert.Equal(5, page.Items.Count);
        Assert.All(page.Items.Where(e => reports.Contains(e.ArticleId)), e => Assert.Equal(3, e.Sources));
        Assert.Equal(1, Assert.Single(page.Items, e => e.ArticleId == other).Sources);

        var corroborated = await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={await EntityIdAsync(kim.Name)}&minSources=3");
        Assert.Equal(reports.Order(), corroborated.Items.Select(e => e.ArticleId).Order());
    }

    [Fact]
    public async Task Events_of_an_entity_in_any_role_page_newest_first_without_gaps_or_repeats()
    {
        var (kim, putin) = (Person($"Kim {Word()}"), Person($"Putin {Word()}"));
        var placeName = $"Vostochny {Word()}";
        var place = new ExtractedEntity(EntityKeys.For(EntityType.Location, placeName), placeName, EntityType.Location,
            LocationKind.City, null, null, null, [], [], [new ExtractedMention(new TextSpan(TextField.Body, 0, placeName.Length), placeName)]);
        var body = $"{kim.Name} will meet {putin.Name} in {placeName}.";
        var day = SummitDay;
        // (actor, target, place) as indexes of [kim, putin, place]; one event a day, each a day later than the last.
        (int? Actor, int? Target, int? Location)[] roles = [(0, 1, null), (1, 0, null), (0, null, 2), (0, 1, 2), (1, 2, null)];
        var articles = new List<Guid>();
        foreach (var (actor, target, location) in roles)
        {
            day = day.AddDays(1);
            articles.Add(await WriteAsync("Wire A", body, [kim, putin, place], Meeting(actor, target, day) with { Location = location }));
        }

        Assert.Equal([articles[4], articles[3], articles[1], articles[0]], await PageThroughAsync(await EntityIdAsync(putin.Name), limit: 1));
        Assert.Equal([articles[4], articles[3], articles[2]], await PageThroughAsync(await EntityIdAsync(placeName), limit: 2));
        Assert.Equal([articles[3], articles[2], articles[1]],
            await PageThroughAsync(await EntityIdAsync(kim.Name), limit: 2, $"&from={SummitDay.AddDays(2):yyyy-MM-dd}&to={SummitDay.AddDays(4):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task Event_detail_shows_the_evidence_highlighted_and_the_other_reports()
    {
        var (kim, putin) = (Person($"Kim {Word()}"), Person($"Putin {Word()}"));
        var sentence = $"{kim.Name} will meet {putin.Name} <script>.";
        var first = await WriteAsync("Wire A", sentence, [kim, putin], Meeting(0, 1, SummitDay));
        var second = await WriteAsync("Wire B", sentence, [kim, putin], Meeting(0, 1, SummitDay));
        var events = await GetAsync<ListPage<EventHit>>($"/api/v1/events?actor={await EntityIdAsync(kim.Name)}");
        var id = events.Items.Single(e => e.ArticleId == first).Id;

        var detail = await GetAsync<EventDetailResponse>($"/api/v1/events/{id}");

        Assert.Equal(first, detail.Evidence.ArticleId);
        Assert.Contains($"<mark>{kim.Name}</mark>", detail.Evidence.Highlight, StringComparison.Ordinal);
        Assert.Contains("<mark>will meet</mark>", detail.Evidence.Highlight, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", detail.Evidence.Highlight, StringComparison.Ordinal);
        Assert.Equal(second, Assert.Single(detail.Reports).ArticleId);
    }

    [Fact]
    public async Task Events_filter_by_type_prefix_modality_and_day()
    {
        var (kim, putin) = (Person($"Kim {Word()}"), Person($"Putin {Word()}"));
        await WriteAsync("Wire A", "Kim will meet Putin.", [kim, putin], Meeting(0, 1, SummitDay));
        var kimId = await EntityIdAsync(kim.Name);

        Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={kimId}&type=03")).Items);
        Assert.Empty((await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={kimId}&type=19")).Items);
        Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={kimId}&modality=planned")).Items);
        Assert.Empty((await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={kimId}&modality=asserted")).Items);
        Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={kimId}&from=2023-09-13&to=2023-09-13")).Items);
        Assert.Empty((await GetAsync<ListPage<EventHit>>($"/api/v1/events?entity={kimId}&from=2023-09-14")).Items);
        Assert.Single((await GetAsync<ListPage<EventHit>>($"/api/v1/entities/{kimId}/events")).Items);
    }

    [Fact]
    public async Task The_taxonomy_lists_the_twenty_cameo_roots_and_may_be_cached()
    {
        using var response = await api.CreateClient().GetAsync("/api/v1/event-types");
        var types = (await response.Content.ReadFromJsonAsync<List<EventTypeResponse>>(NewsEventsApiFactory.Json))!;

        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)),
            types.Where(t => t.Code.Length == 2).Select(t => t.Code));
        Assert.All(types, t => Assert.StartsWith(t.Root, t.Code, StringComparison.Ordinal));
        Assert.True(response.Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task Quotes_filter_by_speaker_by_what_they_mention_and_by_words()
    {
        var sullivan = Person($"Sullivan {Word()}");
        var korea = new ExtractedEntity(EntityKeys.For(EntityType.Location, $"Korea {Word()}"), $"Korea {Word()}", EntityType.Location,
            LocationKind.Country, null, null, null, [], [], [new ExtractedMention(new TextSpan(TextField.Body, 20, 25), "Korea")]);
        var text = "\"They will pay for Korea, the price,\" he said.";
        var article = await WriteAsync("Wire A", text, [sullivan, korea], quotes:
        [
            new ExtractedQuote("They will pay for Korea, the price,", new TextSpan(TextField.Body, 1, 36), 0, "said", true),
            new ExtractedQuote("Nothing about it", new TextSpan(TextField.Body, 40, 46), 0, "said", false),
        ]);
        var sullivanId = await EntityIdAsync(sullivan.Name);
        var koreaId = await EntityIdAsync(korea.Name);

        var bySpeaker = await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={sullivanId}");
        Assert.Equal(2, bySpeaker.Items.Count);
        Assert.All(bySpeaker.Items, q => Assert.Equal(sullivan.Name, q.Speaker?.Name));
        var about = await GetAsync<ListPage<QuoteHit>>($"/api/v1/entities/{sullivanId}/quotes?about={koreaId}");
        Assert.Equal("They will pay for Korea, the price,", Assert.Single(about.Items).Text);
        var byWords = await GetAsync<ListPage<QuoteHit>>($"/api/v1/quotes?speaker={sullivanId}&q=price");
        Assert.Equal(article, Assert.Single(byWords.Items).ArticleId);
    }

    [Theory]
    [InlineData("/api/v1/events?type=consult")]
    [InlineData("/api/v1/events?minSources=0")]
    [InlineData("/api/v1/events?from=2024-01-02&to=2024-01-01")]
    [InlineData("/api/v1/events?cursor=Zm9yZ2Vk")]
    [InlineData("/api/v1/quotes?limit=101")]
    [InlineData("/api/v1/quotes?speaker=not-a-guid")]
    public async Task Bad_parameters_are_400_problems(string url)
    {
        using var response = await api.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Word() => TestArticles.UniqueWord("Zq");

    private static ExtractedEntity Person(string name) =>
        new(EntityKeys.For(EntityType.Person, name), name, EntityType.Person, null, null, null, null, [], [],
            [new ExtractedMention(new TextSpan(TextField.Body, 0, name.Length), name)]);

    private static ExtractedEvent Meeting(int? actor, int? target, DateOnly day) =>
        new(new EventType("036", "Express intent to meet or negotiate"), actor, target, null, day, Modality.Planned,
            new TextSpan(TextField.Body, 0, 0), "", "will meet", 0.8, 0);

    /// <summary>Ingests an article with this body and stores the given extraction for it (the event's sentence: the whole body).</summary>
    private async Task<Guid> WriteAsync(
        string source, string body, List<ExtractedEntity> entities, ExtractedEvent? extractedEvent = null, List<ExtractedQuote>? quotes = null)
    {
        var article = (await api.IngestAsync(TestArticles.New(body: body, source: source))).Id;
        // Mentions of the people at their real offsets, so highlighting can be checked.
        entities = entities.Select(e => body.IndexOf(e.Name, StringComparison.Ordinal) is var at and >= 0
            ? e with { Mentions = [new ExtractedMention(new TextSpan(TextField.Body, at, at + e.Name.Length), e.Name)] }
            : e).ToList();
        var events = extractedEvent is null ? [] : new List<ExtractedEvent>
        {
            extractedEvent with { Sentence = new TextSpan(TextField.Body, 0, body.Length), SentenceText = body },
        };
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExtractionStore.WriteAsync(connection, transaction, article, new ExtractionResult(entities, quotes ?? [], events, 0, []),
            DateTimeOffset.UtcNow, default);
        await transaction.CommitAsync();
        return article;
    }

    /// <summary>Every event of the entity, page after page: the articles reporting them, in the order they came.</summary>
    private async Task<List<Guid>> PageThroughAsync(Guid entity, int limit, string filters = "")
    {
        var articles = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await GetAsync<ListPage<EventHit>>(
                $"/api/v1/events?entity={entity}&limit={limit}{filters}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            Assert.True(page.Items.Count <= limit);
            articles.AddRange(page.Items.Select(e => e.ArticleId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return articles;
    }

    private async Task<Guid> EntityIdAsync(string name) =>
        (await GetAsync<ListPage<EntityHit>>($"/api/v1/entities?q={Uri.EscapeDataString(name)}")).Items.First(e => e.Name == name).Id;

    private async Task<T> GetAsync<T>(string url)
    {
        using var response = await api.CreateClient().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(NewsEventsApiFactory.Json))!;
    }
}
