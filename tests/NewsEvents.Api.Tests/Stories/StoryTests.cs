using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Search;
using NewsEvents.Core.Stories;
using Npgsql;

namespace NewsEvents.Api.Tests.Stories;

/// <summary>
/// A made-up happening (a flood in an invented country) with names no other test uses, told by several sources in
/// their own words; and a made-up unrelated one (a rate rise elsewhere).
/// </summary>
internal sealed class Happening
{
    private static string Name() => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(TestArticles.UniqueWord());

    public string Country { get; } = Name();
    public string City { get; } = Name();
    public string River { get; } = Name();
    public string Minister { get; } = $"{Name()} {Name()}";
    public string PrimeMinister { get; } = $"{Name()} {Name()}";
    public string Charity { get; } = $"{Name()} Red Cross";

    /// <summary>The flood as told by <paramref name="count"/> different outlets, each a different text.</summary>
    public IEnumerable<(string Title, string Body)> FloodReports(int count) => new (string, string)[]
    {
        ($"Floods kill dozens in {City}", $"""
            Floods swept through the city of {City} in {Country} on Monday, killing at least 40 people, the interior
            minister {Minister} said. The {Charity} said thousands of families had fled the {River} valley as the water rose.
            """),
        ($"{Country} flood death toll rises", $"""
            The death toll from the floods in {City} rose on Tuesday as rescuers searched the {River} valley, officials in
            {Country} said. The interior minister {Minister} told reporters that the {Charity} had opened shelters for families
            driven from their homes by the flood.
            """),
        ($"Prime minister visits flooded {City}", $"""
            Prime Minister {PrimeMinister} visited {City} on Tuesday, a day after floods in {Country} killed dozens of people.
            {PrimeMinister} promised aid to the flood victims of the {River} valley, and the interior minister {Minister} said
            the {Charity} would hand out food to the families.
            """),
        ($"Rescuers search {River} valley after flood", $"""
            Rescue teams in {Country} searched villages along the {River} on Wednesday for survivors of the floods that hit
            {City}, the {Charity} said. {Minister}, the interior minister, said the flood had killed more people than any
            in a decade and that families would get aid.
            """),
        ($"{City} counts the cost of the floods", $"""
            Shopkeepers in {City} cleared mud from their shops on Wednesday after the floods in {Country}. The {Charity}
            said families from the {River} valley were still in shelters, and Prime Minister {PrimeMinister} promised aid
            for the flood victims, the interior minister {Minister} said.
            """),
        ($"Aid reaches {City} flood victims", $"""
            Lorries carrying food and tents reached {City} on Thursday, the {Charity} said, as {Country} began to recover
            from the floods that killed dozens in the {River} valley. Interior minister {Minister} thanked the families who
            had taken in neighbours after the flood.
            """),
    }.Take(count);

    /// <summary>Something else entirely, in another made-up country, on the same days.</summary>
    public static (string Title, string Body) RateRise()
    {
        var (country, capital, governor) = (Name(), Name(), $"{Name()} {Name()}");
        return ($"{country} central bank raises rates", $"""
            The central bank of {country} raised its main interest rate by half a point on Tuesday, its governor {governor}
            said in {capital}, to slow inflation that reached nine percent last month. Economists in {capital} had expected
            a smaller rise, and the currency of {country} gained against the dollar after the announcement.
            """);
    }
}

public sealed class StoryTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    private static readonly DateTimeOffset Monday = new(2024, 9, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reports_of_one_happening_from_different_sources_form_one_story_and_an_unrelated_article_starts_its_own()
    {
        var flood = new Happening();
        var sourcePrefix = TestArticles.UniqueWord();
        var reports = new List<ArticleResponseLite>();
        foreach (var (report, i) in flood.FloodReports(3).Select((report, i) => (report, i)))
        {
            reports.Add(await ProcessAsync(report, $"{sourcePrefix} paper {i}", Monday.AddHours(10 * i)));
        }
        var (rateTitle, rateBody) = Happening.RateRise();
        var unrelated = await ProcessAsync((rateTitle, rateBody), $"{sourcePrefix} paper 0", Monday.AddHours(12));

        var storyId = Assert.Single(reports.Select(r => r.StoryId).Distinct());
        Assert.NotNull(storyId);
        Assert.NotNull(unrelated.StoryId);
        Assert.NotEqual(storyId, unrelated.StoryId);

        var detail = await GetStoryAsync(storyId.Value);
        Assert.Equal(3, detail.Story.ArticleCount);
        Assert.Equal(3, detail.Story.SourceCount);
        Assert.Equal($"Floods kill dozens in {flood.City}", detail.Story.Title);
        Assert.Equal(Monday, detail.Story.FirstPublishedAt);
        Assert.Equal(Monday.AddHours(20), detail.Story.LastPublishedAt);
        Assert.Equal(reports.Select(r => r.Id), detail.Articles.Select(a => a.Id));
        Assert.Equal(
            Enumerable.Range(0, 3).Select(i => $"{sourcePrefix} paper {i}").Order(StringComparer.Ordinal),
            detail.Sources.Select(s => s.Name!).Order(StringComparer.Ordinal));
        Assert.All(detail.Sources, source => Assert.Equal(1, source.Articles));

        // Made-up place names are not always recognised; titled people are.
        Assert.Equal(3, Assert.Single(detail.Entities, e => e.Entity.Name == flood.Minister).Articles);
        Assert.Equal(1, Assert.Single(detail.Entities, e => e.Entity.Name == flood.PrimeMinister).Articles);
        await using (var db = api.CreateDbContext())
        {
            var members = reports.Select(r => r.Id).ToList();
            var mentioned = db.ArticleEntities.Where(e => members.Contains(e.ArticleId)).GroupBy(e => e.EntityId)
                .ToDictionary(g => g.Key, g => g.Count());
            Assert.All(detail.Entities, e => Assert.Equal(mentioned[e.Entity.Id!.Value], e.Articles));
        }
        Assert.True(detail.Entities.Select(e => e.Articles).SequenceEqual(detail.Entities.Select(e => e.Articles).OrderDescending()),
            "entities come most shared first");

        var alone = await GetStoryAsync(unrelated.StoryId!.Value);
        Assert.Equal(1, alone.Story.ArticleCount);
        Assert.Equal(rateTitle, alone.Story.Title);
    }

    [Fact]
    public async Task A_near_duplicate_joins_the_story_of_its_original()
    {
        var flood = new Happening();
        // Long enough for near-duplicate detection to judge.
        var (title, body) = (flood.FloodReports(1).Single().Title, string.Join("\n\n", flood.FloodReports(6).Select(r => r.Body)));
        var original = await ProcessAsync((title, body), "Wire " + TestArticles.UniqueWord(), Monday);
        var copy = await ProcessAsync(($"{title} (updated)", $"By a staff reporter.\n\n{body}\n\nDistributed by the wire."),
            "Syndicate " + TestArticles.UniqueWord(), Monday.AddHours(2));

        var detail = await GetStoryAsync(original.StoryId!.Value);
        Assert.Equal(original.StoryId, copy.StoryId);
        Assert.Equal(original.Id, Assert.Single(detail.Articles, a => a.Id == copy.Id).DuplicateOf);
        Assert.Equal(2, detail.Story.SourceCount);
    }

    [Fact]
    public async Task A_report_outside_the_window_starts_a_new_story()
    {
        var flood = new Happening();
        var reports = flood.FloodReports(2).ToList();
        var first = await ProcessAsync(reports[0], "Early " + TestArticles.UniqueWord(), Monday);
        var monthLater = await ProcessAsync(reports[1], "Late " + TestArticles.UniqueWord(), Monday.AddDays(30));
        Assert.NotEqual(first.StoryId, monthLater.StoryId);
    }

    [Fact]
    public async Task The_list_filters_by_text_entity_time_and_size_and_pages_without_gaps()
    {
        var flood = new Happening();
        var week = Monday.AddDays(70);
        foreach (var (report, i) in flood.FloodReports(2).Select((report, i) => (report, i)))
        {
            await ProcessAsync(report, $"{TestArticles.UniqueWord()} {i}", week.AddHours(i));
        }
        var (rateTitle, rateBody) = Happening.RateRise();
        await ProcessAsync((rateTitle, rateBody), TestArticles.UniqueWord(), week.AddHours(5));

        var byText = await ListAsync($"q={Uri.EscapeDataString(flood.River)}");
        var floodStory = Assert.Single(byText.Items);
        Assert.Equal(2, floodStory.ArticleCount);
        Assert.Contains(floodStory.TopEntities, e => e.Entity.Name == flood.Minister && e.Articles == 2);

        var minister = floodStory.TopEntities.First(e => e.Entity.Name == flood.Minister).Entity.Id;
        Assert.Equal([floodStory.Id], (await ListAsync($"entity={minister}")).Items.Select(s => s.Id));

        string Window(DateTimeOffset from, DateTimeOffset to) =>
            $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        var inWeek = await ListAsync(Window(week, week.AddDays(1)));
        Assert.Equal(2, inWeek.Items.Count);
        Assert.Equal(floodStory.Id, Assert.Single((await ListAsync($"{Window(week, week.AddDays(1))}&minArticles=2")).Items).Id);
        Assert.Empty((await ListAsync(Window(week.AddDays(2), week.AddDays(3)))).Items);

        var firstPage = await ListAsync($"{Window(week, week.AddDays(1))}&limit=1");
        var secondPage = await ListAsync($"{Window(week, week.AddDays(1))}&limit=1&cursor={firstPage.NextCursor}");
        Assert.NotNull(firstPage.NextCursor);
        Assert.Null(secondPage.NextCursor);
        Assert.Equal(inWeek.Items.Select(s => s.Id), firstPage.Items.Concat(secondPage.Items).Select(s => s.Id));
        Assert.True(inWeek.Items[0].LastPublishedAt >= inWeek.Items[1].LastPublishedAt, "most recently active first");
    }

    [Fact]
    public async Task An_assignment_waits_for_a_related_one_still_in_flight_instead_of_starting_a_second_story()
    {
        var flood = new Happening();
        var reports = flood.FloodReports(2).ToList();
        var first = await ProcessAsync(reports[0], "One " + TestArticles.UniqueWord(), Monday.AddDays(100));
        var second = await ProcessAsync(reports[1], "Two " + TestArticles.UniqueWord(), Monday.AddDays(100).AddHours(1));
        await using (var db = api.CreateDbContext())
        {
            // Back to processed-but-unassigned, as both are in the middle of their processing transactions.
            await db.Articles.Where(a => a.Id == first.Id || a.Id == second.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.StoryId, (Guid?)null));
            await db.Stories.Where(s => s.Id == first.StoryId).ExecuteDeleteAsync();
        }

        var clusterer = api.Services.GetRequiredService<StoryClusterer>();
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await clusterer.AssignAsync(connection, transaction, first.Id, DateTimeOffset.UtcNow, default);

        // The second starts while the first has neither committed nor rolled back: it must wait for it, not miss it.
        var secondAssigned = Task.Run(async () =>
        {
            await using var other = await dataSource.OpenConnectionAsync();
            await using var otherTransaction = await other.BeginTransactionAsync();
            await clusterer.AssignAsync(other, otherTransaction, second.Id, DateTimeOffset.UtcNow, default);
            await otherTransaction.CommitAsync();
        });
        await using (var watch = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()"))
        {
            while ((long)(await watch.ExecuteScalarAsync())! == 0 && !secondAssigned.IsCompleted)
            {
                await Task.Delay(20);
            }
        }
        await transaction.CommitAsync();
        await secondAssigned;

        var stories = new[] { await StoryOfAsync(api, first.Id), await StoryOfAsync(api, second.Id) };
        Assert.NotNull(stories[0].StoryId);
        Assert.Equal(stories[0].StoryId, stories[1].StoryId);
        Assert.Equal(2, (await GetStoryAsync(stories[0].StoryId!.Value)).Story.ArticleCount);
    }

    [Theory]
    [InlineData("cursor=bm90LWEtY3Vyc29y", "cursor")]
    [InlineData("from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("minArticles=0", "minArticles")]
    [InlineData("entity=not-a-guid", "entity")]
    public async Task Invalid_list_parameters_are_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/stories?{query}");
        ProblemAssertions.AssertHasErrorFor(await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest), parameter);
    }

    [Fact]
    public async Task An_unknown_story_is_a_404_problem()
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/stories/{Guid.NewGuid()}");
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<ArticleResponseLite> ProcessAsync((string Title, string Body) report, string source, DateTimeOffset published)
    {
        var article = await api.IngestAndProcessAsync(new { title = report.Title, body = report.Body, source, publishedAt = published });
        return await StoryOfAsync(api, article.Id);
    }

    /// <summary>
    /// Asserts that the story's centroid counts exactly the entities its members mention, whatever ran concurrently or
    /// curation moved, and returns those counts.
    /// </summary>
    internal static async Task<Dictionary<Guid, int>> AssertCentroidMatchesMembersAsync(NewsEventsApiFactory api, Guid storyId)
    {
        await using var db = api.CreateDbContext();
        var members = db.Articles.Where(a => a.StoryId == storyId).Select(a => a.Id);
        var mentioned = await db.ArticleEntities.Where(e => members.Contains(e.ArticleId)).GroupBy(e => e.EntityId)
            .ToDictionaryAsync(g => g.Key, g => g.Count());
        var centroid = await db.StoryEntities.Where(e => e.StoryId == storyId).ToDictionaryAsync(e => e.EntityId, e => e.ArticleCount);
        Assert.Equal(mentioned.OrderBy(e => e.Key), centroid.OrderBy(e => e.Key));
        return mentioned;
    }

    internal static async Task<ArticleResponseLite> StoryOfAsync(NewsEventsApiFactory api, Guid articleId)
    {
        await using var db = api.CreateDbContext();
        var storyId = db.Articles.Where(a => a.Id == articleId).Select(a => a.StoryId).Single();
        return new ArticleResponseLite(articleId, storyId);
    }

    private async Task<StoryDetail> GetStoryAsync(Guid id) =>
        (await api.CreateClient().GetFromJsonAsync<StoryDetail>($"/api/v1/stories/{id}", NewsEventsApiFactory.Json))!;

    private async Task<StoryListPage> ListAsync(string query)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/stories?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<StoryListPage>(NewsEventsApiFactory.Json))!;
    }
}

internal sealed record ArticleResponseLite(Guid Id, Guid? StoryId);

internal sealed record StoryListPage(List<StoryHit> Items, string? NextCursor);

/// <summary>Related articles queued together, then taken by several workers at once, or by one worker in one batch.</summary>
public sealed class StoryConcurrencyTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Fact]
    public async Task Related_articles_stored_in_one_batch_form_one_story_beside_an_unrelated_one_with_exact_counts()
    {
        var flood = new Happening();
        var published = new DateTimeOffset(2024, 11, 4, 6, 0, 0, TimeSpan.Zero);
        var source = TestArticles.UniqueWord();
        var reports = flood.FloodReports(5).ToList();
        // The unrelated article sits inside the batch, between reports joining the story that the first report starts.
        var texts = reports.Take(2).Append(Happening.RateRise()).Concat(reports.Skip(2)).ToList();
        var posted = new List<Guid>();
        foreach (var (text, i) in texts.Select((text, i) => (text, i)))
        {
            posted.Add((await api.IngestAsync(new { title = text.Title, body = text.Body, source = $"{source} {i}", publishedAt = published.AddHours(i) })).Id);
        }

        var queue = new IngestionQueue(api.Services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System,
            Options.Create(new IngestionOptions()), api.Services.GetRequiredService<StoryClusterer>());
        var claimed = await queue.ClaimAsync(100, default);
        Assert.Equal(posted, claimed.Select(job => job.ArticleId).Where(posted.Contains));
        var processor = new ArticleProcessor();
        var batch = new List<(ClaimedJob, ProcessedArticle)>();
        foreach (var (job, text) in await queue.LoadAsync([.. claimed.Where(job => posted.Contains(job.ArticleId))], default))
        {
            batch.Add((job, await processor.ProcessAsync(text, default)));
        }
        Assert.Equal(posted.Count, (await queue.CompleteAsync(batch, processor.Version, default)).Count);

        var stories = await Task.WhenAll(posted.Select(id => StoryTests.StoryOfAsync(api, id)));
        var floodStory = Assert.Single(stories.Where((_, i) => i != 2).Select(s => s.StoryId).Distinct());
        Assert.NotNull(stories[2].StoryId);
        Assert.NotEqual(floodStory, stories[2].StoryId);
        await using var db = api.CreateDbContext();
        var story = db.Stories.Single(s => s.Id == floodStory);
        Assert.Equal((5, 5, reports[0].Title), (story.ArticleCount, story.SourceCount, story.Title));
        Assert.Equal((published, published.AddHours(5)), (story.FirstPublishedAt, story.LastPublishedAt));
        Assert.NotEmpty(story.KeyTerms);
        await StoryTests.AssertCentroidMatchesMembersAsync(api, floodStory!.Value);
        Assert.Equal(1, db.Stories.Single(s => s.Id == stories[2].StoryId).ArticleCount);
    }

    [Fact]
    public async Task Related_articles_processed_at_the_same_time_form_one_story_with_exact_counts()
    {
        var flood = new Happening();
        var published = new DateTimeOffset(2024, 10, 7, 6, 0, 0, TimeSpan.Zero);
        var source = TestArticles.UniqueWord();
        var posted = await Task.WhenAll(flood.FloodReports(6).Select((report, i) =>
            api.IngestAsync(new { title = report.Title, body = report.Body, source = $"{source} {i}", publishedAt = published.AddHours(i) })));

        // Assignment is greedy, so its outcome depends on the order the reports come in: the extractor types these
        // made-up names differently from report to report, and two of them, judged first, scored 0.33 against the
        // threshold of 0.35 and started two stories. With a threshold every pair of reports passes, every order gives
        // one story, and only two assignments missing each other could split it.
        using var workers = api.WithWebHostBuilder(builder => builder
            .UseSetting("Ingestion:Enabled", "true")
            .UseSetting("Ingestion:Workers", "6")
            .UseSetting("Stories:Threshold", "0.15"));
        workers.CreateClient(); // starts its workers
        await Task.WhenAll(posted.Select(article => api.WaitForStatusAsync(article.Id, ArticleStatus.Processed)));

        var stories = await Task.WhenAll(posted.Select(article => StoryTests.StoryOfAsync(api, article.Id)));
        var storyId = Assert.Single(stories.Select(s => s.StoryId).Distinct());
        await using var db = api.CreateDbContext();
        var story = db.Stories.Single(s => s.Id == storyId);
        Assert.Equal(6, story.ArticleCount);
        Assert.Equal(6, story.SourceCount);
        Assert.Equal(published, story.FirstPublishedAt);
        Assert.Equal(published.AddHours(5), story.LastPublishedAt);
        var mentioned = await StoryTests.AssertCentroidMatchesMembersAsync(api, storyId!.Value); // no count lost to a race
        Assert.Contains(mentioned.Values, count => count == 6);
    }
}
