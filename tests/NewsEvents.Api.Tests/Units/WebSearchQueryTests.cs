using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Tests.Units;

/// <summary>The websearch syntax of the API, read as a Lucene query over a small in-memory index.</summary>
public sealed class WebSearchQueryTests : IDisposable
{
    private static readonly Dictionary<string, float> Fields = new() { ["title"] = 2.5f, ["body"] = 1f };

    private static readonly string[] Bodies =
    [
        "Oil prices rose sharply on Monday.",             // 0
        "The trade deficit with Japan narrowed.",         // 1
        "Japan reported a deficit in its trade balance.", // 2
        "Cocoa futures fell in London.",                  // 3
        "Coffee prices were steady.",                     // 4
        "The Bank of Japan held its rate.",               // 5
        "A bank in Japan said nothing.",                  // 6
        "Bank Japan ties grew.",                          // 7
    ];

    private readonly EnglishAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);
    private readonly RAMDirectory _directory = new();
    private readonly DirectoryReader _reader;

    public WebSearchQueryTests()
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, _analyzer)))
        {
            foreach (var body in Bodies)
            {
                writer.AddDocument(new Document { new TextField("title", "", Field.Store.NO), new TextField("body", body, Field.Store.NO) });
            }
        }
        _reader = DirectoryReader.Open(_directory);
    }

    [Theory]
    [InlineData("oil prices", new[] { 0 })]
    [InlineData("price", new[] { 0, 4 })]
    [InlineData("\"trade deficit\" japan", new[] { 1 })]
    [InlineData("cocoa or coffee", new[] { 3, 4 })]
    [InlineData("cocoa OR coffee prices", new[] { 4 })]
    [InlineData("japan -deficit", new[] { 5, 6, 7 })]
    [InlineData("japan -\"trade deficit\"", new[] { 2, 5, 6, 7 })]
    // The dropped stop word keeps its place, as in PostgreSQL's 'bank' <2> 'japan': "bank in Japan" matches, "Bank Japan" does not.
    [InlineData("\"bank of japan\"", new[] { 5, 6 })]
    [InlineData("\"trade deficit", new[] { 1 })]
    public void Words_are_all_required_quotes_make_phrases_or_joins_and_minus_excludes(string text, int[] expected) =>
        Assert.Equal(expected, Matches(text));

    [Theory]
    [InlineData("")]
    [InlineData("the of")]
    [InlineData("or")]
    [InlineData("\"")]
    public void Nothing_left_after_analysis_matches_nothing(string text) => Assert.Empty(Matches(text));

    [Theory]
    [InlineData("title:oil")]
    [InlineData("pri*")]
    [InlineData("(oil) AND [prices] ~2 ^3 \\ /")]
    public void Lucene_syntax_is_plain_text_and_never_fails(string text) =>
        WebSearchQuery.Parse(text, _analyzer, Fields);

    [Fact]
    public void A_lone_exclusion_matches_everything_else() =>
        Assert.Equal([0, 3, 4], Matches("-japan"));

    [Fact]
    public void The_snippet_marks_every_form_of_the_wanted_terms_escaped_and_not_the_excluded_ones()
    {
        var query = WebSearchQuery.Parse("price -oil <b>", _analyzer, Fields);

        var snippet = query.Snippet(_analyzer, "body", "Oil <b>prices</b> and the price of oil.", 280);

        Assert.Equal("Oil &lt;<mark>b</mark>&gt;<mark>prices</mark>&lt;/<mark>b</mark>&gt; and the <mark>price</mark> of oil.", snippet);
    }

    [Fact]
    public void The_snippet_is_the_window_with_the_most_hits_cut_at_words()
    {
        var body = string.Join(' ', Enumerable.Repeat("filler words here", 40)) + " cocoa and more cocoa " + string.Join(' ', Enumerable.Repeat("tail text", 40));
        var query = WebSearchQuery.Parse("cocoa", _analyzer, Fields);

        var snippet = query.Snippet(_analyzer, "body", body, 100);

        Assert.StartsWith("… ", snippet, StringComparison.Ordinal);
        Assert.EndsWith(" …", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>cocoa</mark> and more <mark>cocoa</mark>", snippet, StringComparison.Ordinal);
        Assert.InRange(snippet.Length, 100, 160);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private int[] Matches(string text)
    {
        var searcher = new IndexSearcher(_reader);
        return [.. searcher.Search(WebSearchQuery.Parse(text, _analyzer, Fields).Query, 100).ScoreDocs.Select(hit => hit.Doc).Order()];
    }
}
