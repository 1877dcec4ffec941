using System.Text;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Quotes;

public sealed class QuoteRobustnessTests
{
    private static readonly (string, EntityType) Sullivan = ("Jake Sullivan|Sullivan", EntityType.Person);

    public static TheoryData<string, string> Inputs() => new()
    {
        { "empty", "" },
        { "blank", " \n\n\t " },
        { "one mark", "\"" },
        { "marks only", "“”\"'‘’«»„" },
        { "unbalanced", "Sullivan said: \"We will respond. “They will pay,\" he said ‘and ' « the end" },
        { "closing before opening", "” Sullivan said “" },
        { "right to left", "قال سوليفان: «سنرد». אמר \"נגיב\"." },
        { "emoji", "“😀👍🏽,” Sullivan said 🇰🇵. \"👨‍👩‍👧‍👦\"" },
        { "unpaired surrogates", "\"Kim\uD800 said\uDC00\" Sullivan\uD83D said." },
        { "html", "<p>\"We <b>will</b> respond,\" Sullivan said.</p><script>var s = 'a' + \"b\";</script>" },
        { "said only", string.Join(' ', Enumerable.Repeat("said", 2000)) },
        { "according to nothing", "According to, . according to according to" },
        { "reopened forever", string.Concat(Enumerable.Repeat("“We will respond.\n\n", 5000)) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Odd_input_gives_valid_quotes(string name, string text)
    {
        var run = QuoteRun.Of(text, text, Sullivan);

        Assert.NotNull(name);
        AssertValid(text, run);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("“”")]
    [InlineData("\"a\" ")]
    [InlineData("'")]
    [InlineData("«a» “b ”c\" ‘d’ ")]
    [InlineData("\"We will respond,\" he said. ")]
    [InlineData("“We will respond.\n\n")]
    public void A_megabyte_of_quotation_marks_is_read_whole(string unit)
    {
        var builder = new StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append(unit);
        }
        var text = builder.ToString();
        var run = QuoteRun.Of(text, Sullivan);

        AssertValid(text, run);
    }

    [Fact]
    public void Random_junk_gives_valid_quotes()
    {
        var random = new Random(2024);
        const string alphabet = "\"'“”‘’«»„ ,.:;\n abcSAID said Sullivan he it the official according to told that";
        for (var round = 0; round < 30; round++)
        {
            var chars = new char[random.Next(1, 20_000)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = round % 2 == 0 ? alphabet[random.Next(alphabet.Length)] : (char)random.Next(0, 0x10000);
            }
            var text = new string(chars);

            AssertValid(text, QuoteRun.Of(text, Sullivan));
        }
    }

    [Fact]
    public void The_whole_extractor_returns_quotes_for_junk_without_throwing()
    {
        var random = new Random(7);
        var chars = new char[50_000];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = "\"'“” said Sullivan. he told\n"[random.Next(27)];
        }
        var text = new string(chars);

        var result = ArticleExtractor.Default.Extract(text, text, null);

        Assert.All(result.Quotes, q =>
        {
            Assert.Equal(q.Text, text[q.Span.Start..q.Span.End]); // the title and the body are the same text here
            Assert.True(q.Speaker is null || q.Speaker < result.Entities.Count);
        });
    }

    private static void AssertValid(string text, QuoteRun run)
    {
        foreach (var quote in run.Quotes)
        {
            Assert.InRange(quote.Span.Start, 0, quote.Span.End);
            Assert.InRange(quote.Span.End, quote.Span.Start, text.Length);
            Assert.Equal(quote.Text, text[quote.Span.Start..quote.Span.End]);
            Assert.NotEqual("", quote.Text);
            Assert.True(quote.Speaker is null || quote.Speaker >= 0 && quote.Speaker < run.Entities.Count);
        }
    }
}
