using System.Text;
using NewsEvents.Extraction.Ner;

namespace NewsEvents.Extraction.Tests.Ner;

public sealed class RobustnessTests
{
    public static TheoryData<string, string> Inputs() => new()
    {
        { "empty", "" },
        { "blank", " \n\n\t " },
        { "punctuation only", "!!! ... ??? ,,, --- “” ’’ ((( )))" },
        { "right to left", "قال الرئيس فلاديمير بوتين إن روسيا ستواصل. אמר ראש הממשלה בירושלים." },
        { "emoji", "Putin 😀👍🏽 met Kim 🇰🇵🇷🇺 in Vladivostok 👨‍👩‍👧‍👦." },
        { "unpaired surrogates and controls", "Kim\uD800 Jong\uDC00-un\0 met\u0007 Putin\u001B in \uFFFEVladivostok\uD83D" },
        { "html", "<p>Kim <b>Jong-un</b> met <a href='x'>Vladimir Putin</a></p><script>alert('Moscow')</script>" },
        { "non-English", "Der Bundeskanzler Olaf Scholz traf den französischen Präsidenten Emmanuel Macron in Paris." },
        { "all caps", "NORTH KOREA SUPPLIES WEAPONS TO RUSSIA, SAYS WASHINGTON" },
        { "one long word", new string('A', 50_000) },
        { "numbers", string.Join(' ', Enumerable.Range(0, 5000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Odd_input_gives_valid_spans(string name, string text)
    {
        var entities = NerTagger.Default.Tag(text);

        Assert.NotNull(name);
        AssertValid(text, entities);
    }

    [Fact]
    public void Null_gives_nothing()
    {
        Assert.Empty(NerTagger.Default.Tag(null));
    }

    [Fact]
    public void Random_binary_junk_gives_valid_spans()
    {
        var random = new Random(12345);
        for (var round = 0; round < 20; round++)
        {
            var chars = new char[random.Next(1, 20_000)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)random.Next(0, 0x10000);
            }
            var text = new string(chars);

            AssertValid(text, NerTagger.Default.Tag(text));
        }
    }

    [Fact]
    public void Ten_megabytes_are_tagged_to_the_end()
    {
        var paragraph = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));
        var builder = new StringBuilder();
        while (builder.Length < 10_000_000)
        {
            builder.Append(paragraph).Append("\n\n");
        }
        var text = builder.ToString();
        // Time is for benchmark-ner to measure (about 3 s here); this holds that nothing is dropped on the way.
        var entities = NerTagger.Default.Tag(text);

        Assert.True(entities.Count > 100_000);
        Assert.True(entities[^1].Start > text.Length - paragraph.Length - 2);
        AssertValid(text, entities);
    }

    private static void AssertValid(string text, IReadOnlyList<EntitySpan> entities)
    {
        var previousEnd = 0;
        foreach (var entity in entities)
        {
            Assert.InRange(entity.Start, previousEnd, text.Length - 1);
            Assert.InRange(entity.End, entity.Start + 1, text.Length);
            Assert.Equal(text[entity.Start..entity.End], entity.Text);
            previousEnd = entity.End;
        }
    }
}
