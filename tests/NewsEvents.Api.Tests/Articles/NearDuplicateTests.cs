using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Api.Tests.Articles;

public sealed class NearDuplicateTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    private sealed record DuplicatePage(List<DuplicateResponse> Items, string? NextCursor);

    /// <summary>
    /// A wire story of some 130 words about <paramref name="word"/>. The word comes back in every sentence, so stories
    /// about different words share few 4-grams, as different stories do.
    /// </summary>
    private static string Story(string word) => $"""
        Officials in the {word} port city confirmed on Tuesday that the {word} shipment had been held at the docks for a
        third week, as {word} inspectors examined its papers and the crates stacked along the eastern quay. The {word}
        harbour master said the delay was routine and that the {word} cargo would be released once customs had finished
        counting every {word} container. Traders who had paid for the {word} goods in advance complained that {word}
        prices in the city markets had already doubled, and several {word} shopkeepers closed early rather than sell at
        a loss. A spokesman for the {word} ministry of trade said a new inspection regime would shorten such waits from
        next month, though {word} union leaders at the docks warned that there were too few inspectors to keep that
        {word} promise this winter.
        """;

    private static object Article(string title, string body, string source, DateTimeOffset published) =>
        new { title, body, source, publishedAt = published };

    [Fact]
    public async Task A_syndicated_copy_is_linked_to_its_original_and_left_out_of_search_unless_asked()
    {
        var word = TestArticles.UniqueWord();
        var published = new DateTimeOffset(2024, 3, 5, 8, 0, 0, TimeSpan.Zero);
        var original = await api.IngestAndProcessAsync(Article($"Shipment of {word} held at docks", Story(word), "Harbour Wire", published));
        var copy = await api.IngestAndProcessAsync(Article(
            $"Docks hold {word} cargo for third week",
            $"By a staff reporter\n\n{Story(word)}\n\n(Distributed by Harbour Wire. All rights reserved.)",
            "Evening Courier", published.AddHours(3)));

        Assert.Equal(original.Id, copy.DuplicateOf);
        Assert.Null((await api.GetArticleAsync(original.Id)).DuplicateOf);
        Assert.Equal([original.Id], (await api.SearchAsync($"q={word}")).Items.Select(hit => hit.Id));
        Assert.Equal(
            new[] { original.Id, copy.Id }.Order(),
            (await api.SearchAsync($"q={word}&includeDuplicates=true")).Items.Select(hit => hit.Id).Order());

        var ofOriginal = await DuplicatesAsync(original.Id);
        var member = Assert.Single(ofOriginal.Items);
        Assert.Equal(copy.Id, member.Id);
        Assert.False(member.Original);
        Assert.InRange(member.Similarity!.Value, 0.8, 1);
        Assert.True(Assert.Single((await DuplicatesAsync(copy.Id)).Items).Original);
    }

    [Fact]
    public async Task An_earlier_copy_arriving_late_becomes_the_original_of_the_group()
    {
        var word = TestArticles.UniqueWord();
        var published = new DateTimeOffset(2024, 4, 9, 12, 0, 0, TimeSpan.Zero);
        var first = await api.IngestAndProcessAsync(Article($"Report on {word}", Story(word), "Second Paper", published));
        var second = await api.IngestAndProcessAsync(Article($"More on {word}", Story(word) + " Updated.", "Third Paper", published.AddHours(1)));
        var earliest = await api.IngestAndProcessAsync(Article($"{word}: the first report", "Exclusive. " + Story(word), "First Paper", published.AddHours(-5)));

        Assert.Null(earliest.DuplicateOf);
        Assert.Equal(earliest.Id, (await api.GetArticleAsync(first.Id)).DuplicateOf);
        Assert.Equal(earliest.Id, (await api.GetArticleAsync(second.Id)).DuplicateOf);
        var group = await DuplicatesAsync(earliest.Id);
        Assert.Equal(new[] { first.Id, second.Id }, group.Items.Select(item => item.Id));
    }

    [Fact]
    public async Task A_copy_resembling_two_groups_unites_them_under_the_earliest()
    {
        // Two versions of the story, each with its own extra paragraph, differ too much to be copies of each other
        // while the bare story resembles both. MinHash only estimates similarity, so the word is drawn until that
        // holds for its signatures too (about three words in four do).
        var (word, first, second) = Enumerable.Range(0, 100)
            .Select(_ => TestArticles.UniqueWord())
            .Select(w => (Word: w, First: $"{Story(w)}\n\n{CouncilNews(w)}", Second: $"{Story(w)}\n\n{WeatherNews(w)}"))
            .First(v => Similarity(v.First, v.Second) < MinHash.NearDuplicateSimilarity
                && Similarity(v.First, Story(v.Word)) >= MinHash.NearDuplicateSimilarity
                && Similarity(v.Second, Story(v.Word)) >= MinHash.NearDuplicateSimilarity);
        var published = new DateTimeOffset(2024, 7, 1, 9, 0, 0, TimeSpan.Zero);
        var earliest = await api.IngestAndProcessAsync(Article($"{word} docks", first, "First Paper", published));
        var apart = await api.IngestAndProcessAsync(Article($"{word} cargo", second, "Second Paper", published.AddHours(1)));
        Assert.Null(apart.DuplicateOf);

        var bridge = await api.IngestAndProcessAsync(Article($"{word} shipment", Story(word), "Third Paper", published.AddHours(2)));

        Assert.Equal(earliest.Id, bridge.DuplicateOf);
        Assert.Equal(earliest.Id, (await api.GetArticleAsync(apart.Id)).DuplicateOf);
        Assert.Null((await api.GetArticleAsync(earliest.Id)).DuplicateOf);
    }

    private static string CouncilNews(string word) =>
        $"Separately, the {word} town council voted late on Monday to rename two streets near the old market after the local "
        + "teachers who founded the first school there.";

    private static string WeatherNews(string word) =>
        $"Forecasters expect heavy rain across the {word} hills by Friday, and farmers have begun moving their sheep and cattle "
        + "down to lower fields before the rivers rise.";

    private static double Similarity(string a, string b) => MinHash.Similarity(MinHash.Signature(a)!, MinHash.Signature(b)!);

    [Fact]
    public async Task Stories_that_only_share_a_subject_stay_apart()
    {
        var word = TestArticles.UniqueWord();
        var other = TestArticles.UniqueWord();
        var published = new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero);
        await api.IngestAndProcessAsync(Article($"Shipment of {word} held", Story(word), "Harbour Wire", published));
        var unrelated = await api.IngestAndProcessAsync(Article($"{word} prices", $"""
            Prices of {word} rose sharply across the region this week after a poor harvest, farmers' groups said on
            Thursday, and bakers warned that bread would cost more by the end of the month. The agriculture ministry
            promised to release reserves held in state warehouses, but economists said the measure would only delay
            the rise. In the capital, queues formed outside shops that still sold at the old prices, and the police
            were called to one market where traders and customers argued over {other} and the weights used.
            """, "Farm News", published.AddDays(1)));

        Assert.Null(unrelated.DuplicateOf);
        Assert.Empty((await DuplicatesAsync(unrelated.Id)).Items);
    }

    [Fact]
    public async Task Copies_processed_at_the_same_time_still_find_each_other()
    {
        var word = TestArticles.UniqueWord();
        var published = new DateTimeOffset(2024, 6, 2, 6, 0, 0, TimeSpan.Zero);
        // Queued latest first: the last one queued is the original, so the group changes hands as they are linked.
        var posted = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            api.IngestAsync(Article($"{word} copy {i}", $"Edition {i}.\n\n{Story(word)}", $"Paper {i}", published.AddMinutes(-i)))));
        await Task.WhenAll(posted.Select(article => api.WaitForStatusAsync(article.Id, ArticleStatus.Processed)));
        // Read after all are done: a group may change hands while its members are processed.
        var processed = await Task.WhenAll(posted.Select(article => api.GetArticleAsync(article.Id)));

        var originals = processed.Where(article => article.DuplicateOf is null).ToList();
        var kept = Assert.Single(originals);
        Assert.Equal(posted[5].Id, kept.Id);
        Assert.All(processed.Where(article => article.Id != kept.Id), article => Assert.Equal(kept.Id, article.DuplicateOf));
    }

    [Fact]
    public async Task Duplicates_of_an_unknown_article_is_404_and_a_forged_cursor_is_400()
    {
        var client = api.CreateClient();
        using var unknown = await client.GetAsync($"/api/v1/articles/{Guid.NewGuid()}/duplicates");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var article = await api.IngestAsync(TestArticles.New());
        using var forged = await client.GetAsync($"/api/v1/articles/{article.Id}/duplicates?cursor=bm90LWEtY3Vyc29y");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
    }

    private async Task<DuplicatePage> DuplicatesAsync(Guid id) =>
        (await api.CreateClient().GetFromJsonAsync<DuplicatePage>($"/api/v1/articles/{id}/duplicates", NewsEventsApiFactory.Json))!;
}
