using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Quotes;

/// <summary>
/// The reference article's quotes through the whole extractor (tagger, linker, quotes); its score on the hand-made gold
/// file Gold/seed-article.quotes.json is held by Evaluation/GoldScoreFloorTests.
/// </summary>
public sealed class ReferenceArticleQuoteTests
{
    private static readonly (string Title, string Body) Article = ReadArticle();

    private static readonly ExtractionResult Result = ArticleExtractor.Default.Extract(Article.Title, Article.Body, null);

    [Theory]
    [InlineData("Attacking grain silos", "Jake Sullivan", "said", true)]
    [InlineData("nothing to say", "the Kremlin", "emphasizing that", true)]
    [InlineData("Putin is developing a new and sinister plan", "The Telegraph", "title", true)]
    [InlineData("As US intelligence has revealed", "The Telegraph", "highlighted", true)]
    [InlineData("It should not be forgotten", "Jake Sullivan", "said", false)]
    [InlineData("providing weapons to Russia will not", "Jake Sullivan", "stated that", false)]
    public void The_quotes_named_in_the_issue_have_their_speaker_and_cue(string start, string speaker, string cue, bool direct)
    {
        var quote = Assert.Single(Result.Quotes, q => q.Text.StartsWith(start, StringComparison.Ordinal));

        Assert.True(IsSpeaker(quote.Speaker, speaker), $"speaker was {Describe(quote.Speaker)}");
        Assert.Equal(cue, quote.Cue);
        Assert.Equal(direct, quote.IsDirect);
    }

    [Fact]
    public void The_unnamed_official_speaks_for_nobody_named()
    {
        var quote = Assert.Single(Result.Quotes, q => q.Text.StartsWith("North Korean leader Kim will go", StringComparison.Ordinal));

        Assert.Null(quote.Speaker);
        Assert.False(quote.IsDirect);
        Assert.Equal("said that", quote.Cue);
    }

    [Fact]
    public void Every_quote_is_the_text_at_its_offsets_without_marks()
    {
        Assert.NotEmpty(Result.Quotes);
        foreach (var quote in Result.Quotes)
        {
            var text = quote.Span.Field == TextField.Title ? Article.Title : Article.Body;
            Assert.Equal(quote.Text, text[quote.Span.Start..quote.Span.End]);
            Assert.DoesNotMatch("^[\"“”‘’'«» ]|[\"“”‘’«» ]$", quote.Text);
        }
    }

    /// <summary>The entity is the gold speaker by its name or any alias, normalised ("the Kremlin" = "Kremlin").</summary>
    private static bool IsSpeaker(int? index, string name)
    {
        if (index is not { } i)
        {
            return false;
        }
        var entity = Result.Entities[i];
        var key = EntityKeys.NormalizeName(name);
        return EntityKeys.NormalizeName(entity.Name) == key || entity.Aliases.Any(a => EntityKeys.NormalizeName(a.Name) == key);
    }

    private static string Describe(int? index) => index is { } i ? Result.Entities[i].Name : "nobody";

    private static (string, string) ReadArticle()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));
        var lineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        return (text[..lineEnd], text[(lineEnd + 1)..]);
    }
}
