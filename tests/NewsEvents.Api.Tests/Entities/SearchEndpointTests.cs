using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Search;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Tests.Entities;

public sealed class SearchEndpointTests(CorpusApiFactory api) : IClassFixture<CorpusApiFactory>
{
    [Fact]
    public async Task Words_find_articles_and_entities_in_their_own_groups()
    {
        var result = await SearchAsync("putin");

        Assert.Contains(result.Articles, a => a.Id == api.Ids["putin-us"]);
        Assert.Contains("<mark>", result.Articles[0].Snippet, StringComparison.Ordinal);
        Assert.Equal("Vladimir Putin", result.Entities[0].Name);
    }

    [Fact]
    public async Task An_entity_filter_keeps_the_articles_that_mention_it()
    {
        var result = await SearchAsync("entity:\"Kim Jong-un\"", limit: 50);

        Assert.NotNull(result.Query.EntityId);
        string[] expected = ["reference", "summit-0", "summit-1", "summit-2"];
        Assert.Equal(expected.Select(name => api.Ids[name]).Order(), result.Articles.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task Source_and_day_filters_combine_with_words()
    {
        var bySource = await SearchAsync("talks source:\"Summit Daily\"", limit: 50);
        Assert.Equal(3, bySource.Articles.Count);

        var byDays = await SearchAsync("from:2023-09-11 to:2023-09-12", limit: 50);
        Assert.Equal(new[] { api.Ids["summit-1"], api.Ids["summit-2"] }.Order(), byDays.Articles.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task A_type_filter_limits_the_entities_group()
    {
        var result = await SearchAsync("kim type:person");

        Assert.Equal("Kim Jong-un", result.Entities[0].Name);
        Assert.All(result.Entities, e => Assert.Equal(EntityType.Person, e.Type));
    }

    [Fact]
    public async Task Facets_count_the_matching_articles_along_each_dimension()
    {
        var result = await SearchAsync("vladivostok", facets: "source,day,entity,entityType");

        Assert.Equal(3, Assert.Single(result.Facets["source"], f => f.Value == "Summit Daily").Count);
        Assert.Equal(1, Assert.Single(result.Facets["source"], f => f.Value == "Reference Wire").Count);
        Assert.Equal(4, result.Facets["day"].Sum(f => f.Count));
        Assert.Equal(4, Assert.Single(result.Facets["entity"], f => f.Label == "Kim Jong-un").Count);
        Assert.Contains(result.Facets["entityType"], f => f.Value == "person" && f.Count == 4);
    }

    [Fact]
    public async Task An_entity_filter_naming_nothing_known_matches_nothing()
    {
        var result = await SearchAsync("entity:\"Zqxv Nobody\" talks");

        Assert.Null(result.Query.EntityId);
        Assert.Empty(result.Articles);
    }

    [Theory]
    [InlineData("type:planet")]
    [InlineData("from:yesterday")]
    [InlineData("from:2023-09-10 to:2023-09-01")]
    [InlineData("event:zzzz")]
    [InlineData("source:a source:b")]
    public async Task A_query_that_cannot_be_understood_is_a_400_naming_the_problem(string q)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"q\"", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("&|!():*<>'\\")]
    [InlineData("entity:\"")]
    [InlineData("'; DROP TABLE articles; --")]
    [InlineData("\"unbalanced")]
    [InlineData("type: from: to:")]
    public async Task Hostile_strings_get_an_answer_never_a_server_error(string q)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&facets=entity");

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"answered {(int)response.StatusCode}");
    }

    private async Task<SearchResponse> SearchAsync(string q, int limit = 5, string? facets = null)
    {
        var url = $"/api/v1/search?q={Uri.EscapeDataString(q)}&limit={limit}{(facets is null ? "" : $"&facets={facets}")}";
        using var response = await api.CreateClient().GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(NewsEventsApiFactory.Json))!;
    }
}
