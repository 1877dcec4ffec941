using System.Text;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Pipeline;

/// <summary>
/// The whole extractor on input the stage tests do not cover: ten megabytes, scripts other than Latin, a real HTML page,
/// and pathological runs of quotation marks and capitalised words through every stage at once. Whatever the text,
/// it returns a consistent result (offsets inside the text, indices inside the lists) and never throws. The class runs
/// alone, after the others: its megabytes would otherwise slow the tests that bound their own time.
/// </summary>
[Collection(nameof(ExtractorRobustnessTests))]
public sealed class ExtractorRobustnessTests
{
    private static readonly string SeedArticle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));

    public static TheoryData<string, string> Inputs() => new()
    {
        { "German", "Bundeskanzler Olaf Scholz sagte am Montag in Berlin: „Wir werden die Ukraine weiter unterstützen.“ Der Kreml lehnte eine Stellungnahme ab." },
        { "French", "« Nous ne céderons pas », a déclaré Emmanuel Macron à l'Élysée, selon l'AFP. La Russie a attaqué Kharkiv." },
        { "Chinese", "中国外交部发言人毛宁周一在北京表示：“中方反对任何单边制裁。”俄罗斯总统普京将访问朝鲜。" },
        { "Russian", "Президент России Владимир Путин заявил в Москве: «Мы не начинали эту войну». Ким Чен Ын посетит Владивосток." },
        { "Greek and Devanagari", "Ο πρωθυπουργός Κυριάκος Μητσοτάκης είπε «όχι». प्रधानमंत्री नरेंद्र मोदी ने नई दिल्ली में कहा कि भारत तैयार है।" },
        { "mixed scripts in one name", "Vladimir Путин met Kim 정은 in Владивосток, \"said\" 普京." },
        { "zero-width and combining", "Ki\u200Bm Jong\u200D-un met Pu\u0301tin\u0308\u0308\u0308 in Vladi\u00ADvostok, \u202Ethe Kremlin said\u202C." },
        {
            "HTML page",
            """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Kim meets Putin | News</title>
            <style>p { color: red; } /* "quoted" */</style><script>var q = "Putin said"; if (a < b && c > d) {}</script></head>
            <body><nav><a href="/">Home</a> &gt; <a href="/world">World</a></nav><h1>Kim Jong-un to meet Putin</h1>
            <p>&ldquo;We will respond,&rdquo; <b>Jake Sullivan</b> said on Monday in <i>Washington</i>.</p>
            <p>The Kremlin said it had &quot;nothing to say&quot;.&nbsp;&#169; 2023 Example&amp;Co</p></body></html>
            """
        },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Text_in_any_script_or_markup_gives_a_consistent_result(string name, string text)
    {
        var result = ArticleExtractor.Default.Extract(name, text, DateTimeOffset.UnixEpoch);

        AssertConsistent(result, name, text);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("“ ")]
    [InlineData("” Putin said “")]
    [InlineData("'Kim' ")]
    [InlineData("«»„“‘’ ")]
    public void Runs_of_quotation_marks_through_every_stage_give_a_consistent_result(string unit)
    {
        var text = Repeat(unit, 300_000);

        var result = ArticleExtractor.Default.Extract(text[..200], text, null);

        AssertConsistent(result, text[..200], text);
    }

    [Theory]
    [InlineData("Kim ")]
    [InlineData("Jake Sullivan Vladimir Putin North Korea Kremlin ")]
    [InlineData("The The The Of And ")]
    [InlineData("Moscow's Kyiv's Pyongyang's ")]
    public void Runs_of_capitalised_words_without_a_sentence_end_give_a_consistent_result(string unit)
    {
        var text = Repeat(unit, 300_000);

        var result = ArticleExtractor.Default.Extract(null, text, null);

        AssertConsistent(result, "", text);
    }

    [Fact]
    public void Every_capitalised_word_without_punctuation_gives_a_consistent_result()
    {
        var random = new Random(31);
        var builder = new StringBuilder();
        while (builder.Length < 500_000)
        {
            builder.Append((char)('A' + random.Next(26))).Append((char)('a' + random.Next(26))).Append((char)('a' + random.Next(26))).Append(' ');
        }
        var text = builder.ToString();

        var result = ArticleExtractor.Default.Extract(null, text, null);

        AssertConsistent(result, "", text);
    }

    [Fact]
    public void Ten_megabytes_give_the_entities_of_every_copy()
    {
        var text = Repeat(SeedArticle + "\n\n", 10_000_000);
        var copies = text.Length / (SeedArticle.Length + 2);

        var result = ArticleExtractor.Default.Extract("Ten megabytes", text, DateTimeOffset.UnixEpoch);

        AssertConsistent(result, "Ten megabytes", text);
        // Each copy names Jake Sullivan three times: the result grows with the text, nothing is dropped or cut short.
        Assert.True(result.Entities.Single(e => e.Key == "person:jake sullivan").Mentions.Count >= 3 * copies - 3);
        Assert.True(result.Quotes.Count >= copies, $"{result.Quotes.Count} quotes for {copies} copies");
    }

    private static string Repeat(string unit, int length)
    {
        var builder = new StringBuilder(length + unit.Length);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }
        return builder.ToString();
    }

    private static void AssertConsistent(ExtractionResult result, string title, string body)
    {
        string Field(TextField field) => field == TextField.Title ? title : body;
        void InText(TextSpan span, string text)
        {
            Assert.InRange(span.Start, 0, span.End);
            Assert.InRange(span.End, span.Start, Field(span.Field).Length);
            Assert.Equal(text, Field(span.Field)[span.Start..span.End]);
        }

        Assert.Equal(result.Entities.Count, result.Entities.Select(e => e.Key).Distinct().Count());
        foreach (var entity in result.Entities)
        {
            Assert.False(string.IsNullOrWhiteSpace(entity.Name));
            Assert.NotEmpty(entity.Mentions);
            foreach (var mention in entity.Mentions)
            {
                InText(mention.Span, mention.Text);
                Assert.NotEqual(mention.Span.Start, mention.Span.End);
            }
        }
        foreach (var quote in result.Quotes)
        {
            InText(quote.Span, quote.Text);
            Assert.True(quote.Speaker is null || quote.Speaker < result.Entities.Count);
        }
        foreach (var e in result.Events)
        {
            InText(e.Sentence, e.SentenceText);
            Assert.True(e.Actor is null || e.Actor < result.Entities.Count);
            Assert.True(e.Target is null || e.Target < result.Entities.Count);
            Assert.True(e.Location is null || e.Location < result.Entities.Count);
            Assert.InRange(e.Confidence, 0, 1);
        }
        Assert.InRange(result.Tone, -100, 100);
        Assert.True(result.KeyPhrases.Count <= 10);
    }
}

[CollectionDefinition(nameof(ExtractorRobustnessTests), DisableParallelization = true)]
public sealed class ExtractorRobustnessRunsAlone;
