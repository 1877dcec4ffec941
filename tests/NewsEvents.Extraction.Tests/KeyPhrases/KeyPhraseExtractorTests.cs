using NewsEvents.Extraction.KeyPhrases;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Tests.Events;

namespace NewsEvents.Extraction.Tests.KeyPhrases;

public sealed class KeyPhraseExtractorTests
{
    [Fact]
    public void The_reference_article_is_about_weapons_Russia_and_North_Korea()
    {
        var phrases = EventTestKit.SeedArticle.KeyPhrases;

        Assert.InRange(phrases.Count, 5, KeyPhraseExtractor.MaxPhrases);
        Assert.Contains(phrases, phrase => phrase.Contains("weapons", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(phrases, phrase => phrase.Contains("Korea", StringComparison.Ordinal));
        Assert.Contains("Russia", phrases);
        Assert.Equal(phrases.Count, phrases.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Is_deterministic()
    {
        Assert.Equal(EventTestKit.SeedArticle.KeyPhrases, EventTestKit.ExtractSeedArticle().KeyPhrases);
    }

    [Fact]
    public void Phrases_are_made_of_content_words_only()
    {
        var result = ArticleExtractor.Default.Extract(null,
            "The government said on Monday that it would build new nuclear power stations. Nuclear power stations are "
            + "expensive, the minister said, but nuclear power is clean. Critics said the power stations were too costly.", null);

        Assert.Equal("nuclear power stations", result.KeyPhrases[0]);
        Assert.DoesNotContain(result.KeyPhrases, phrase => phrase.Split(' ').Any(word => word is "the" or "said" or "would" or "on"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("the of and a to in")]
    [InlineData("!!! ??? 123 456")]
    public void Text_without_content_gives_no_phrases(string body)
    {
        Assert.Empty(ArticleExtractor.Default.Extract(null, body, null).KeyPhrases);
    }
}
