using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Entities;
using NewsEvents.Api.Features.Trends;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Tests.Entities;

public sealed class EntityEndpointsTests(CorpusApiFactory api) : IClassFixture<CorpusApiFactory>
{
    [Theory]
    [InlineData("Vladimir Putin")]
    [InlineData("Putin")]
    [InlineData("putn")]
    [InlineData("vladimir")]
    public async Task Searching_by_name_prefix_or_misspelling_finds_the_person_first(string q)
    {
        var page = await GetAsync<ListPage<EntityHit>>($"/api/v1/entities?q={Uri.EscapeDataString(q)}");

        Assert.Equal("Vladimir Putin", page.Items[0].Name);
        Assert.Equal(EntityType.Person, page.Items[0].Type);
    }

    [Fact]
    public async Task Kim_Jong_Un_without_the_hyphen_finds_Kim_Jong_un()
    {
        var page = await GetAsync<ListPage<EntityHit>>("/api/v1/entities?q=Kim+Jong+Un");

        Assert.Equal("Kim Jong-un", page.Items[0].Name);
    }

    [Fact]
    public async Task Filters_by_type_and_country_keep_only_matching_entities()
    {
        var places = await GetAsync<ListPage<EntityHit>>("/api/v1/entities?type=location&country=RU&limit=100");

        Assert.Contains(places.Items, e => e.Name == "Vladivostok");
        Assert.All(places.Items, e => Assert.Equal((EntityType.Location, "RU"), (e.Type, e.CountryCode)));
    }

    [Fact]
    public async Task Listing_without_a_query_pages_by_coverage_without_repeats()
    {
        var seen = new List<EntityHit>();
        string? cursor = null;
        do
        {
            var page = await GetAsync<ListPage<EntityHit>>($"/api/v1/entities?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(e => e.ArticleCount).Select(e => e.ArticleCount), seen.Select(e => e.ArticleCount));
        Assert.Contains(seen, e => e.Name == "United States");
    }

    [Fact]
    public async Task Entity_detail_has_titles_place_data_and_counts()
    {
        var sullivan = await FindAsync("Jake Sullivan");
        var detail = await GetAsync<EntityDetailResponse>($"/api/v1/entities/{sullivan}");
        Assert.Contains("US National Security Advisor", detail.Titles);
        Assert.Equal(1, detail.ArticleCount);
        Assert.True(detail.MentionCount >= 2);
        Assert.Equal(CorpusApiFactory.ReferenceDay, detail.FirstSeen);

        var vladivostok = await GetAsync<EntityDetailResponse>($"/api/v1/entities/{await FindAsync("Vladivostok")}");
        Assert.Equal((LocationKind.City, "RU"), (vladivostok.Kind, vladivostok.CountryCode));
        Assert.InRange(vladivostok.Lat ?? 0, 43, 44);
        Assert.InRange(vladivostok.Lon ?? 0, 131, 133);
        Assert.Equal(4, vladivostok.ArticleCount);
    }

    [Fact]
    public async Task The_Kremlin_is_part_of_Russia()
    {
        var kremlin = await GetAsync<EntityDetailResponse>($"/api/v1/entities/{await FindAsync("Kremlin")}");

        Assert.Equal(EntityType.Organization, kremlin.Type);
        Assert.Equal("Russia", kremlin.PartOf?.Name);
    }

    [Fact]
    public async Task An_entitys_articles_are_those_that_mention_it_newest_first()
    {
        var page = await GetAsync<ListPage<ArticleHit>>($"/api/v1/entities/{await FindAsync("Kim Jong-un")}/articles");

        string[] newestFirst = ["summit-2", "summit-1", "summit-0", "reference"];
        Assert.Equal(newestFirst.Select(name => api.Ids[name]), page.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task The_timeline_counts_articles_per_day_zero_filled_with_their_share_of_all_articles()
    {
        var putin = await FindAsync("Vladimir Putin");
        var timeline = await GetAsync<TimelineResponse>($"/api/v1/entities/{putin}/timeline?from=2023-09-05&to=2023-09-12");

        Assert.Equal(8, timeline.Buckets.Count);
        var byDay = timeline.Buckets.ToDictionary(b => b.Start);
        Assert.Equal(0, byDay[new DateOnly(2023, 9, 5)].Articles);
        Assert.Equal((1, 1, 1.0), (byDay[new DateOnly(2023, 9, 6)].Articles, byDay[new DateOnly(2023, 9, 6)].TotalArticles, byDay[new DateOnly(2023, 9, 6)].Share));
        // 8 September: the putin-us article and one Washington budget article.
        Assert.Equal((1, 2, 0.5), (byDay[new DateOnly(2023, 9, 8)].Articles, byDay[new DateOnly(2023, 9, 8)].TotalArticles, byDay[new DateOnly(2023, 9, 8)].Share));
        Assert.Equal(0, byDay[new DateOnly(2023, 9, 9)].Articles);
        Assert.Null(byDay[new DateOnly(2023, 9, 9)].AverageTone);
    }

    [Fact]
    public async Task A_weekly_timeline_sums_the_days_of_each_week()
    {
        var putin = await FindAsync("Vladimir Putin");
        var timeline = await GetAsync<TimelineResponse>($"/api/v1/entities/{putin}/timeline?interval=week&from=2023-09-04&to=2023-09-17");

        Assert.Equal([new DateOnly(2023, 9, 4), new DateOnly(2023, 9, 11)], timeline.Buckets.Select(b => b.Start));
        Assert.Equal([3, 2], timeline.Buckets.Select(b => b.Articles));
    }

    [Fact]
    public async Task Related_entities_rank_a_frequent_partner_above_an_entity_that_is_merely_everywhere()
    {
        var related = await GetAsync<RelatedResponse>($"/api/v1/entities/{await FindAsync("Vladimir Putin")}/related?limit=50");

        var kim = Assert.Single(related.Items, r => r.Name == "Kim Jong-un");
        var us = Assert.Single(related.Items, r => r.Name == "United States");
        Assert.Equal(4, kim.Articles);
        Assert.Equal(2, us.Articles);
        Assert.True(kim.Pmi > 0 && us.Pmi < 0, $"PMI Kim {kim.Pmi}, US {us.Pmi}");
        Assert.True(related.Items.ToList().IndexOf(kim) < related.Items.ToList().IndexOf(us));
    }

    [Fact]
    public async Task The_network_has_the_entity_its_neighbours_and_the_edges_among_them()
    {
        var putin = await FindAsync("Vladimir Putin");
        var network = await GetAsync<NetworkResponse>($"/api/v1/entities/{putin}/network?depth=1&limit=10");

        Assert.Contains(network.Nodes, n => n.Id == putin && n.Depth == 0);
        Assert.True(network.Nodes.Count <= 10);
        var ids = network.Nodes.Select(n => n.Id).ToHashSet();
        Assert.All(network.Edges, e => Assert.True(ids.Contains(e.Source) && ids.Contains(e.Target)));
        Assert.Contains(network.Edges, e => (e.Source == putin || e.Target == putin) && e.Articles == 4);
        // Every co-occurrence among the nodes, the neighbours' own included, and each once.
        await using var db = api.CreateDbContext();
        var among = db.EntityPairs.Where(p => ids.Contains(p.EntityA) && ids.Contains(p.EntityB) && p.Articles > 0)
            .Select(p => new { p.EntityA, p.EntityB, p.Articles }).ToList();
        Assert.Equal(
            among.Select(p => (p.EntityA, p.EntityB, p.Articles)).Order(),
            network.Edges.Select(e => (e.Source, e.Target, e.Articles)).Order());
        Assert.Contains(among, p => p.EntityA != putin && p.EntityB != putin);
    }

    [Fact]
    public async Task Trends_rank_entities_by_their_rise_in_share_of_coverage_with_the_figures()
    {
        var trends = await GetAsync<TrendsResponse>("/api/v1/trends/entities?window=2d&baseline=14d&end=2023-09-12&limit=100");

        Assert.Equal((new DateOnly(2023, 9, 11), new DateOnly(2023, 8, 28)), (trends.WindowStart, trends.BaselineStart));
        var kim = Assert.Single(trends.Items, t => t.Name == "Kim Jong-un");
        Assert.Equal((2, 2, 2, 7), (kim.Articles, kim.TotalArticles, kim.BaselineArticles, kim.BaselineTotalArticles));
        Assert.Equal(3.0 / 3 / (3.0 / 8), kim.Score, 6);
        var putin = Assert.Single(trends.Items, t => t.Name == "Vladimir Putin");
        Assert.True(trends.Items.ToList().IndexOf(kim) < trends.Items.ToList().IndexOf(putin));
        Assert.DoesNotContain(trends.Items, t => t.Name == "United States");
    }

    [Fact]
    public async Task Trends_of_one_type_are_the_trends_of_every_type_less_the_others()
    {
        const string query = "/api/v1/trends/entities?window=2d&baseline=14d&end=2023-09-12&limit=100";
        var all = await GetAsync<TrendsResponse>(query);
        var people = await GetAsync<TrendsResponse>(query + "&type=person");

        Assert.True(all.Items.Count < 100, "the limit must not cut the list for this comparison");
        Assert.Contains(people.Items, t => t.Name == "Kim Jong-un");
        Assert.Contains(all.Items, t => t.Type != EntityType.Person);
        Assert.Equal(all.Items.Where(t => t.Type == EntityType.Person), people.Items);
    }

    [Theory]
    [InlineData("/api/v1/trends/entities?window=2x")]
    [InlineData("/api/v1/trends/entities?baseline=0d")]
    [InlineData("/api/v1/entities?limit=0")]
    [InlineData("/api/v1/entities?type=planet")]
    [InlineData("/api/v1/entities?country=RUS")]
    [InlineData("/api/v1/entities?cursor=bm90LWEtY3Vyc29y")]
    public async Task Bad_parameters_are_400_problems(string url)
    {
        using var response = await api.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/articles")]
    [InlineData("/events")]
    [InlineData("/quotes")]
    [InlineData("/timeline")]
    [InlineData("/related")]
    [InlineData("/network")]
    [InlineData("/history")]
    public async Task An_unknown_entity_is_a_404_problem(string resource)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/entities/{Guid.NewGuid()}{resource}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Guid> FindAsync(string name) =>
        (await GetAsync<ListPage<EntityHit>>($"/api/v1/entities?q={Uri.EscapeDataString(name)}")).Items.First(e => e.Name == name).Id;

    private async Task<T> GetAsync<T>(string url)
    {
        using var response = await api.CreateClient().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(NewsEventsApiFactory.Json))!;
    }
}

public sealed record ListPage<T>(List<T> Items, string? NextCursor);
