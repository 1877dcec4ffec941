using System.Text.Json;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Quotes;

/// <summary>
/// The reference article through the whole extractor (tagger, linker, quotes), scored against the hand-made gold file
/// Gold/seed-article.quotes.json (see Gold/README.md).
/// </summary>
public sealed class ReferenceArticleQuoteTests
{
    /// <summary>
    /// Measured 1.00 (11 of 11 gold quotes found with the right speaker and directness) at this commit; the floor leaves
    /// room for one quote to move while the tagger and linker change under it, never more.
    /// </summary>
    private const double SpeakerAccuracyFloor = 0.90;

    /// <summary>Quotes found that the gold file does not have (measured 0).</summary>
    private const int MaxSpuriousQuotes = 1;

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

    [Fact]
    public void Speaker_accuracy_on_the_gold_quotes_stays_at_or_above_its_floor()
    {
        using var gold = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Gold", "seed-article.quotes.json")));
        var expected = gold.RootElement.GetProperty("quotes").EnumerateArray().Select(q => (
            Field: q.GetProperty("field").GetString() == "title" ? TextField.Title : TextField.Body,
            Text: q.GetProperty("text").GetString()!,
            Speaker: q.GetProperty("speaker").GetString(),
            Direct: q.GetProperty("direct").GetBoolean())).ToList();

        var correct = 0;
        var matched = new HashSet<ExtractedQuote>();
        var misses = new List<string>();
        foreach (var (field, text, speaker, direct) in expected)
        {
            var source = field == TextField.Title ? Article.Title : Article.Body;
            var start = source.IndexOf(text, StringComparison.Ordinal);
            Assert.True(start >= 0, $"gold text not in the article: {text}");
            var found = Result.Quotes.FirstOrDefault(q => q.Span.Field == field && Overlap(q.Span, start, start + text.Length) * 2 > text.Length);
            if (found is not null)
            {
                matched.Add(found);
            }
            if (found is not null && found.IsDirect == direct && (speaker is null ? found.Speaker is null : IsSpeaker(found.Speaker, speaker)))
            {
                correct++;
            }
            else
            {
                misses.Add($"{text[..Math.Min(40, text.Length)]}…: expected {speaker ?? "nobody"}, got {(found is null ? "no quote" : Describe(found.Speaker))}");
            }
        }
        var accuracy = (double)correct / expected.Count;
        var spurious = Result.Quotes.Where(q => !matched.Contains(q)).Select(q => q.Text).ToList();

        Assert.Equal(11, expected.Count);
        Assert.True(accuracy >= SpeakerAccuracyFloor, $"speaker accuracy {accuracy:F2}; misses: {string.Join("; ", misses)}");
        Assert.True(spurious.Count <= MaxSpuriousQuotes, $"quotes not in the gold file: {string.Join(" | ", spurious)}");
    }

    private static int Overlap(TextSpan span, int start, int end) => Math.Max(0, Math.Min(span.End, end) - Math.Max(span.Start, start));

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
