using System.Text;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Events;

/// <summary>Events, tone and key phrases never throw and stay in bounded time, whatever the text.</summary>
public sealed class EventRobustnessTests
{
    public static TheoryData<string, string> Inputs() => new()
    {
        { "empty", "" },
        { "blank", " \n\n\t " },
        { "punctuation only", "!!! ... ??? ,,, --- “” ’’ ((( ))) : ; 's n't" },
        { "cue words only", "attacked attack talks meeting said will not to by from with and which that 's" },
        { "right to left", "قال الرئيس فلاديمير بوتين إن روسيا ستواصل. אמר ראש הממשלה בירושלים." },
        { "emoji", "Putin 😀👍🏽 attacked Kim 🇰🇵🇷🇺 in Vladivostok 👨‍👩‍👧‍👦 next week." },
        { "html", "<p>Kim <b>Jong-un</b> met <a href='x'>Vladimir Putin</a> on Tuesday</p><script>alert('Moscow')</script>" },
        { "unpaired surrogates", "Russia\uD800 attacked\uDC00 Ukraine\0 on\u0007 Monday\uD83D" },
        { "calendar edges", "Russia attacked Ukraine on 31 December 9999 and 1 January 0001, next week and 99999 years ago." },
        { "one long word", new string('x', 100_000) },
        { "numbers", string.Join(' ', Enumerable.Range(0, 5000)) },
        { "no sentence ends", string.Join(" and ", Enumerable.Repeat("Russia attacked Ukraine which said Kyiv met Putin", 2000)) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Odd_input_gives_valid_events(string name, string text)
    {
        foreach (var published in new DateTimeOffset?[] { null, new DateTimeOffset(2023, 9, 5, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MinValue, DateTimeOffset.MaxValue })
        {
            var result = ArticleExtractor.Default.Extract(text, text, published);

            Assert.NotNull(name);
            AssertValid(result, text, text);
        }
    }

    [Fact]
    public void Random_binary_junk_gives_valid_events()
    {
        var random = new Random(4242);
        for (var round = 0; round < 10; round++)
        {
            var chars = new char[random.Next(1, 20_000)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)random.Next(0, 0x10000);
            }
            var text = new string(chars);

            AssertValid(ArticleExtractor.Default.Extract(null, text, DateTimeOffset.UnixEpoch), "", text);
        }
    }

    [Fact]
    public void One_megabyte_is_read_whole()
    {
        var builder = new StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append(EventTestKit.SeedArticleText).Append("\n\n");
        }
        var text = builder.ToString();
        var result = ArticleExtractor.Default.Extract("A long article", text, DateTimeOffset.UnixEpoch);

        Assert.True(result.Events.Count > 1000, $"{result.Events.Count} events");
        Assert.InRange(result.KeyPhrases.Count, 5, 10);
        AssertValid(result, "A long article", text);
    }

    private static void AssertValid(ExtractionResult result, string title, string body)
    {
        Assert.InRange(result.Tone, -100, 100);
        Assert.True(result.KeyPhrases.Count <= 10);
        foreach (var e in result.Events)
        {
            var text = e.Sentence.Field == TextField.Title ? title : body;
            Assert.InRange(e.Sentence.Start, 0, e.Sentence.End);
            Assert.InRange(e.Sentence.End, e.Sentence.Start, text.Length);
            Assert.Equal(text[e.Sentence.Start..e.Sentence.End], e.SentenceText);
            Assert.True(e.Actor is null || e.Actor < result.Entities.Count);
            Assert.True(e.Target is null || e.Target < result.Entities.Count);
            Assert.True(e.Location is null || e.Location < result.Entities.Count);
            Assert.InRange(e.Confidence, 0, 1);
            Assert.InRange(e.Tone, -100, 100);
        }
    }
}
