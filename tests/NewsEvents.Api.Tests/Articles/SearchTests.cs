using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Tests.Articles;

/// <summary>Today's SQL search (no article index).</summary>
public sealed class SearchTests(NewsEventsApiFactory api) : SearchBehaviour(api), IClassFixture<NewsEventsApiFactory>;

/// <summary>What article search does, whichever way it runs (see <see cref="IndexedSearchTests"/> for the index).</summary>
public abstract class SearchBehaviour(NewsEventsApiFactory api)
{
    private static readonly DateTimeOffset BaseTime = new(2024, 5, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Search_ranks_title_matches_above_body_matches()
    {
        var word = TestArticles.UniqueWord();
        // The body-only match is the newer one, so recency alone would put it first.
        var inTitle = await api.IngestAndProcessAsync(TestArticles.New(
            title: $"Summit on {word} opens", body: "Leaders gathered in the capital.", publishedAt: BaseTime));
        var inBody = await api.IngestAndProcessAsync(TestArticles.New(
            title: "Leaders gather in the capital", body: $"The summit on {word} opened.", publishedAt: BaseTime.AddDays(1)));

        var hits = (await api.SearchAsync($"q={word}")).Items;

        Assert.Equal([inTitle.Id, inBody.Id], hits.Select(h => h.Id));
        Assert.True(hits[0].Score > hits[1].Score, $"Scores {hits[0].Score} and {hits[1].Score}");
    }

    [Fact]
    public async Task A_quoted_phrase_matches_only_the_words_in_that_order()
    {
        var (first, second) = (TestArticles.UniqueWord(), TestArticles.UniqueWord());
        var inOrder = await api.IngestAndProcessAsync(TestArticles.New(body: $"They spoke of {first} {second} today."));
        var reversed = await api.IngestAndProcessAsync(TestArticles.New(body: $"They spoke of {second} {first} today."));
        var apart = await api.IngestAndProcessAsync(TestArticles.New(body: $"They spoke of {first} and then of {second}."));

        var phrase = await api.SearchAsync($"q={Uri.EscapeDataString($"\"{first} {second}\"")}");
        var words = await api.SearchAsync($"q={Uri.EscapeDataString($"{first} {second}")}");

        Assert.Equal([inOrder.Id], phrase.Items.Select(h => h.Id));
        Assert.Equal(new[] { inOrder.Id, reversed.Id, apart.Id }.Order(), words.Items.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task Or_matches_either_word()
    {
        var (first, second, third) = (TestArticles.UniqueWord(), TestArticles.UniqueWord(), TestArticles.UniqueWord());
        var a = await api.IngestAndProcessAsync(TestArticles.New(body: $"Story about {first}."));
        var b = await api.IngestAndProcessAsync(TestArticles.New(body: $"Story about {second}."));
        await api.IngestAndProcessAsync(TestArticles.New(body: $"Story about {third}."));

        var hits = await api.SearchAsync($"q={Uri.EscapeDataString($"{first} OR {second}")}");

        Assert.Equal(new[] { a.Id, b.Id }.Order(), hits.Items.Select(h => h.Id).Order());
    }

    [Fact]
    public async Task A_minus_word_excludes_articles_containing_it()
    {
        var (topic, excluded) = (TestArticles.UniqueWord(), TestArticles.UniqueWord());
        var kept = await api.IngestAndProcessAsync(TestArticles.New(body: $"Report on {topic} alone."));
        await api.IngestAndProcessAsync(TestArticles.New(body: $"Report on {topic} and {excluded}."));
        await api.IngestAndProcessAsync(TestArticles.New(title: $"About {excluded}", body: $"Report on {topic}."));

        var hits = await api.SearchAsync($"q={Uri.EscapeDataString($"{topic} -{excluded}")}");

        Assert.Equal([kept.Id], hits.Items.Select(h => h.Id));
    }

    [Fact]
    public async Task Every_word_of_a_plain_query_must_match()
    {
        var (first, second) = (TestArticles.UniqueWord(), TestArticles.UniqueWord());
        var both = await api.IngestAndProcessAsync(TestArticles.New(body: $"Both {first} and {second}."));
        await api.IngestAndProcessAsync(TestArticles.New(body: $"Only {first}."));

        var hits = await api.SearchAsync($"q={Uri.EscapeDataString($"{first} {second}")}");

        Assert.Equal([both.Id], hits.Items.Select(h => h.Id));
    }

    [Fact]
    public async Task The_snippet_marks_the_matched_word()
    {
        var word = TestArticles.UniqueWord();
        await api.IngestAndProcessAsync(TestArticles.New(body: $"Officials said the {word} agreement was signed on Tuesday."));

        var hit = Assert.Single((await api.SearchAsync($"q={word}")).Items);

        Assert.Contains($"<mark>{word}</mark>", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_in_an_article_comes_back_escaped_in_the_snippet()
    {
        var word = TestArticles.UniqueWord();
        // Entity-encoded markup survives processing as literal text, so the stored body really holds "<script>".
        var article = await api.IngestAndProcessAsync(TestArticles.New(
            body: $"The page showed &lt;script&gt;alert('{word}')&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; and 5 &lt; 7 &amp; 9 &gt; 3 near {word}."));
        Assert.Contains("<script>", article.Body, StringComparison.Ordinal);
        Assert.Contains("5 < 7 & 9 > 3", article.Body, StringComparison.Ordinal);

        var hit = Assert.Single((await api.SearchAsync($"q={word}")).Items);

        Assert.DoesNotContain("<script", hit.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", hit.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("5 &lt; 7 &amp; 9 &gt; 3", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains($"<mark>{word}</mark>", hit.Snippet, StringComparison.Ordinal);
        // The only live markup is the highlighting itself.
        Assert.DoesNotContain('<', hit.Snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Raw_markup_in_an_article_not_yet_processed_comes_back_escaped_in_the_snippet_and_listing()
    {
        var word = TestArticles.UniqueWord();
        var source = $"Markup Wire {word}";
        // Searched as submitted, whether or not a worker has cleaned it yet: the snippet must be safe either way.
        await api.IngestAsync(TestArticles.New(
            body: $"<p>Before</p><script>alert('{word}')</script><b>{word}</b> <mark>fake</mark> after", source: source));

        var searched = Assert.Single((await api.SearchAsync($"q={word}")).Items);
        var listed = Assert.Single((await api.SearchAsync($"source={Uri.EscapeDataString(source)}")).Items);

        foreach (var snippet in new[] { searched.Snippet, listed.Snippet })
        {
            Assert.DoesNotContain("<script", snippet, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", snippet, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<mark>fake", snippet, StringComparison.Ordinal);
        }
        Assert.Contains($"<mark>{word}</mark>", searched.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_source_filter_ignores_case()
    {
        var word = TestArticles.UniqueWord();
        var source = $"Case Wire {word}";
        var match = await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} one", source: source));
        await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} two", source: $"Other Wire {word}"));
        await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} three"));

        var lower = await api.SearchAsync($"q={word}&source={Uri.EscapeDataString(source.ToLowerInvariant())}");
        var upper = await api.SearchAsync($"source={Uri.EscapeDataString(source.ToUpperInvariant())}");

        Assert.Equal([match.Id], lower.Items.Select(h => h.Id));
        Assert.Equal([match.Id], upper.Items.Select(h => h.Id));
        Assert.Equal(source, upper.Items[0].Source);
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("en", "EN")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-BR", "pt-br")]
    [InlineData("PT-br", "pt-BR")]
    public async Task The_language_filter_matches_the_tag_whatever_its_case(string posted, string filter)
    {
        var word = TestArticles.UniqueWord();
        var match = await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} one", language: posted));
        await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} two", language: "de"));
        await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} three"));

        var hits = await api.SearchAsync($"q={word}&language={filter}");

        Assert.Equal([match.Id], hits.Items.Select(h => h.Id));
    }

    [Fact]
    public async Task From_is_inclusive_and_to_is_exclusive_on_publication_time()
    {
        var source = $"Time Wire {TestArticles.UniqueWord()}";
        var t0 = await IngestAtAsync(source, BaseTime.AddHours(-1));
        var t1 = await IngestAtAsync(source, BaseTime);
        var t2 = await IngestAtAsync(source, BaseTime.AddHours(1));
        var t3 = await IngestAtAsync(source, BaseTime.AddHours(2));

        var fromT1 = await ListAsync(source, $"&from={Time(BaseTime)}");
        var toT2 = await ListAsync(source, $"&to={Time(BaseTime.AddHours(1))}");
        var between = await ListAsync(source, $"&from={Time(BaseTime)}&to={Time(BaseTime.AddHours(2))}");
        var otherOffset = await ListAsync(source, $"&from={Time(BaseTime.ToOffset(TimeSpan.FromHours(5)))}");

        Assert.Equal([t3, t2, t1], fromT1);
        Assert.Equal([t1, t0], toT2);
        Assert.Equal([t2, t1], between);
        Assert.Equal([t3, t2, t1], otherOffset);
    }

    [Fact]
    public async Task An_article_without_a_publication_time_is_filtered_on_its_ingestion_time()
    {
        var source = $"Unpublished Wire {TestArticles.UniqueWord()}";
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var undated = (await api.IngestAsync(TestArticles.New(source: source))).Id;
        var old = await IngestAtAsync(source, BaseTime);
        var after = DateTimeOffset.UtcNow.AddMinutes(1);

        Assert.Equal([undated], await ListAsync(source, $"&from={Time(before)}&to={Time(after)}"));
        Assert.Equal([old], await ListAsync(source, $"&to={Time(before)}"));
    }

    [Fact]
    public async Task Sort_newest_orders_matches_by_publication_time_whatever_their_relevance()
    {
        var word = TestArticles.UniqueWord();
        var oldTitleMatch = await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} {word}", body: word, publishedAt: BaseTime));
        var newestBodyMatch = await api.IngestAndProcessAsync(TestArticles.New(body: $"Mentions {word}.", publishedAt: BaseTime.AddDays(2)));
        var middle = await api.IngestAndProcessAsync(TestArticles.New(body: $"Mentions {word} twice: {word}.", publishedAt: BaseTime.AddDays(1)));

        var newest = await api.SearchAsync($"q={word}&sort=newest");
        var relevance = await api.SearchAsync($"q={word}");

        Assert.Equal([newestBodyMatch.Id, middle.Id, oldTitleMatch.Id], newest.Items.Select(h => h.Id));
        Assert.Equal(oldTitleMatch.Id, relevance.Items[0].Id);
        Assert.All(newest.Items, h => Assert.NotNull(h.Score));
    }

    [Fact]
    public async Task Without_a_query_articles_are_listed_newest_first_without_a_score()
    {
        var source = $"List Wire {TestArticles.UniqueWord()}";
        var middle = await IngestAtAsync(source, BaseTime);
        var oldest = await IngestAtAsync(source, BaseTime.AddDays(-3));
        var undated = (await api.IngestAsync(TestArticles.New(source: source))).Id; // ingested now: the newest
        var newestDated = await IngestAtAsync(source, BaseTime.AddDays(3));

        var page = await api.SearchAsync($"source={Uri.EscapeDataString(source)}&sort=relevance");

        Assert.Equal([undated, newestDated, middle, oldest], page.Items.Select(h => h.Id));
        Assert.All(page.Items, h => Assert.Null(h.Score));
        Assert.All(page.Items, h => Assert.DoesNotContain("<mark>", h.Snippet, StringComparison.Ordinal));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task A_listing_snippet_is_the_opening_of_the_text_cut_at_a_word()
    {
        var source = $"Lead Wire {TestArticles.UniqueWord()}";
        var body = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"word{i}"));
        await api.IngestAndProcessAsync(TestArticles.New(body: body, source: source));

        var hit = Assert.Single((await api.SearchAsync($"source={Uri.EscapeDataString(source)}")).Items);

        Assert.StartsWith("word0 word1 ", hit.Snippet, StringComparison.Ordinal);
        Assert.EndsWith(" …", hit.Snippet, StringComparison.Ordinal);
        Assert.True(hit.Snippet.Length <= 282, $"{hit.Snippet.Length} characters");
        Assert.Contains(hit.Snippet[..^2].Split(' ')[^1], body.Split(' '));
    }

    [Theory]
    [InlineData("relevance")]
    [InlineData("newest")]
    public async Task Paging_through_a_search_returns_every_hit_once_in_the_order_of_one_big_page(string sort)
    {
        var word = TestArticles.UniqueWord();
        var ids = await IngestManyAsync(word, 25);

        var all = await api.SearchAsync($"q={word}&sort={sort}&limit=100");
        var paged = await PageThroughAsync($"q={word}&sort={sort}", limit: 4);

        Assert.Equal(ids.Order(), all.Items.Select(h => h.Id).Order());
        Assert.Equal(all.Items.Select(h => h.Id), paged);
        if (sort == "relevance")
        {
            Assert.Equal(all.Items.OrderByDescending(h => h.Score).Select(h => h.Id), all.Items.Select(h => h.Id));
            // Some ranks differ and some tie, so both the rank and the tie-breakers decide page boundaries.
            Assert.InRange(all.Items.Select(h => h.Score).Distinct().Count(), 2, ids.Count - 1);
        }
    }

    [Fact]
    public async Task Paging_through_a_listing_returns_every_article_once_in_the_order_of_one_big_page()
    {
        var source = $"Paging Wire {TestArticles.UniqueWord()}";
        var word = TestArticles.UniqueWord();
        var ids = await IngestManyAsync(word, 25, source);

        var all = await api.SearchAsync($"source={Uri.EscapeDataString(source)}&limit=100");
        var paged = await PageThroughAsync($"source={Uri.EscapeDataString(source)}", limit: 3);

        Assert.Equal(ids.Order(), all.Items.Select(h => h.Id).Order());
        Assert.Equal(all.Items.Select(h => h.Id), paged);
    }

    [Theory]
    [InlineData("relevance")]
    [InlineData("newest")]
    public async Task Articles_added_between_pages_cause_no_repeats_and_no_gaps(string sort)
    {
        var word = TestArticles.UniqueWord();
        var original = await IngestManyAsync(word, 20);
        var seen = new List<Guid>();
        var added = new List<Guid>();
        string? cursor = null;
        var pageNumber = 0;
        do
        {
            var page = await api.SearchAsync($"q={word}&sort={sort}&limit=4" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Items.Select(h => h.Id));
            cursor = page.NextCursor;
            // Between pages, new matches arrive: strong (in the title) and weak, newest and oldest.
            added.Add((await api.IngestAsync(TestArticles.New(title: $"{word} {word} late {pageNumber}", publishedAt: BaseTime.AddDays(30)))).Id);
            added.Add((await api.IngestAsync(TestArticles.New(body: $"late mention of {word} {pageNumber}", publishedAt: BaseTime.AddDays(-30)))).Id);
            pageNumber++;
        }
        while (cursor is not null && pageNumber < 50);

        Assert.Null(cursor);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(original.Except(seen));
        Assert.Empty(seen.Except(original).Except(added));
    }

    [Fact]
    public async Task The_last_page_has_no_next_cursor_and_an_exact_fit_needs_no_empty_page()
    {
        var word = TestArticles.UniqueWord();
        await IngestManyAsync(word, 6);

        var first = await api.SearchAsync($"q={word}&limit=3");
        var second = await api.SearchAsync($"q={word}&limit=3&cursor={first.NextCursor}");
        var whole = await api.SearchAsync($"q={word}&limit=6");

        Assert.NotNull(first.NextCursor);
        Assert.Equal(3, second.Items.Count);
        Assert.Null(second.NextCursor);
        Assert.Null(whole.NextCursor);
    }

    [Fact]
    public async Task Score_is_present_with_a_query_and_null_without()
    {
        var word = TestArticles.UniqueWord();
        var source = $"Score Wire {word}";
        await api.IngestAndProcessAsync(TestArticles.New(title: word, source: source));

        var searched = Assert.Single((await api.SearchAsync($"q={word}")).Items);
        var listed = Assert.Single((await api.SearchAsync($"source={Uri.EscapeDataString(source)}")).Items);
        var blankQuery = Assert.Single((await api.SearchAsync($"q=%20%20&source={Uri.EscapeDataString(source)}")).Items);

        Assert.True(searched.Score > 0);
        Assert.Null(listed.Score);
        Assert.Null(blankQuery.Score);
    }

    /// <summary>
    /// Ingests <paramref name="count"/> processed articles matching <paramref name="word"/> with varied strength
    /// (title or body, once or more) and shared publication times, so both sorts have distinct keys and ties.
    /// </summary>
    private async Task<List<Guid>> IngestManyAsync(string word, int count, string? source = null)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var inTitle = i % 5 == 0;
            var repeats = string.Join(' ', Enumerable.Repeat(word, 1 + i % 3));
            var article = await api.IngestAsync(TestArticles.New(
                title: inTitle ? $"{word} headline {i}" : $"Headline {i}",
                body: $"Article {i} mentions {repeats} in passing.",
                source: source,
                publishedAt: i % 4 == 3 ? null : BaseTime.AddHours(i / 3)));
            ids.Add(article.Id);
        }
        foreach (var id in ids)
        {
            await api.WaitForStatusAsync(id, ArticleStatus.Processed);
        }
        return ids;
    }

    private async Task<List<Guid>> PageThroughAsync(string query, int limit)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.SearchAsync($"{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page.Items.Count == limit || page.NextCursor is null, "only the last page may be short");
            ids.AddRange(page.Items.Select(h => h.Id));
            cursor = page.NextCursor;
            Assert.True(++pages < 100, "paging did not end");
        }
        while (cursor is not null);
        return ids;
    }

    private async Task<Guid> IngestAtAsync(string source, DateTimeOffset publishedAt) =>
        (await api.IngestAsync(TestArticles.New(source: source, publishedAt: publishedAt))).Id;

    private async Task<List<Guid>> ListAsync(string source, string filters) =>
        (await api.SearchAsync($"source={Uri.EscapeDataString(source)}{filters}")).Items.Select(h => h.Id).ToList();

    private static string Time(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
