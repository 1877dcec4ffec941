using System.Text;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Linking;

public sealed class LinkingRobustnessTests
{
    [Theory]
    [InlineData("")]
    [InlineData(" \n\n ")]
    [InlineData("'s 's 's Moscow's 's")]
    [InlineData("N. N. N. Korea N.")]
    [InlineData("the region region region")]
    [InlineData("Kim Kim Kim Jong-un Kim-")]
    [InlineData("US-based US- -US Russian-")]
    [InlineData("ZAPORIZHZHIAZAPORIZHZHIAZAPORIZHZHIAZAPORIZHZHIAZAPORIZHZHIA region")]
    [InlineData("قال الرئيس فلاديمير بوتين إن روسيا ستواصل")]
    public void Odd_text_gives_consistent_entities(string text)
    {
        var result = ArticleExtractor.Default.Extract(text, text, null);

        AssertConsistent(result.Entities, text, text);
    }

    [Fact]
    public void Random_junk_gives_consistent_entities()
    {
        var random = new Random(4242);
        var words = new[] { "Moscow", "'s", "N.", "Korea", "region", "Kim", "Jong-un", "said", "in", "with", "the", "The", "Kremlin",
            "Ukrainian", "army", "US", "-", ",", ".", "\n", "President", "leader", "Zaporizhzhia", "administration", "\uD800", "😀" };
        for (var round = 0; round < 50; round++)
        {
            var builder = new StringBuilder();
            for (var i = random.Next(1, 400); i > 0; i--)
            {
                builder.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : ' ').Append(words[random.Next(words.Length)]);
            }
            var text = builder.ToString();

            AssertConsistent(ArticleExtractor.Default.Extract(null, text, null).Entities, "", text);
        }
    }

    [Fact]
    public void One_megabyte_is_linked_whole()
    {
        var article = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));
        var builder = new StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append(article).Append("\n\n");
        }
        var text = builder.ToString();
        var entities = ArticleExtractor.Default.Extract(null, text, null).Entities;

        AssertConsistent(entities, "", text);
        Assert.Contains(entities, e => e.Key == "person:jake sullivan" && e.Mentions.Count > 100);
    }

    private static void AssertConsistent(IReadOnlyList<ExtractedEntity> entities, string title, string body)
    {
        Assert.Equal(entities.Count, entities.Select(e => e.Key).Distinct().Count());
        foreach (var entity in entities)
        {
            Assert.False(string.IsNullOrWhiteSpace(entity.Name));
            Assert.Contains(':', entity.Key);
            Assert.NotEmpty(entity.Mentions);
            foreach (var mention in entity.Mentions)
            {
                var source = mention.Span.Field == TextField.Title ? title : body;
                Assert.InRange(mention.Span.Start, 0, mention.Span.End - 1);
                Assert.InRange(mention.Span.End, 1, source.Length);
                Assert.Equal(mention.Text, source[mention.Span.Start..mention.Span.End]);
            }
        }
    }
}
