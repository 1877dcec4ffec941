using NewsEvents.Extraction.Tests.Events;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Extraction.Tests.Text;

public sealed class MinHashTests
{
    private static readonly string Body = EventTestKit.SeedArticleText[(EventTestKit.SeedArticleText.IndexOf('\n', StringComparison.Ordinal) + 1)..];

    private const string OtherStory = """
        North Korea fired two short-range ballistic missiles into the sea off its east coast on Wednesday, South
        Korea's military said, hours after the United States and South Korea began joint naval drills. Japan's
        coast guard said the missiles appeared to have landed outside its exclusive economic zone and that no
        damage to ships had been reported. The launches came as Kim Jong-un was expected to travel to Russia for
        talks with Vladimir Putin, and analysts in Seoul said Pyongyang wanted to show its weapons to a buyer.
        """;

    private static int[] Signature(string text) => MinHash.Signature(text) ?? throw new InvalidOperationException("too short");

    [Fact]
    public void A_syndicated_copy_with_its_own_byline_and_footer_is_a_near_duplicate()
    {
        var copy = "By Staff Reporter, Example Wire\n\n" + Body
            + "\n\nCopyright 2023 Example Wire. All rights reserved. Distributed by the wire service.";

        Assert.InRange(MinHash.Similarity(Signature(Body), Signature(copy)), MinHash.NearDuplicateSimilarity, 1);
        Assert.NotEmpty(MinHash.BandKeys(Signature(Body)).Intersect(MinHash.BandKeys(Signature(copy))));
    }

    [Fact]
    public void Case_punctuation_and_spacing_do_not_change_the_signature()
    {
        var reformatted = Body.ToUpperInvariant().Replace(",", " ,", StringComparison.Ordinal).Replace("\n", "\n\n\n", StringComparison.Ordinal);

        Assert.Equal(Signature(Body), Signature(reformatted));
    }

    [Fact]
    public void Another_story_on_the_same_subject_is_not_a_near_duplicate()
    {
        Assert.InRange(MinHash.Similarity(Signature(Body), Signature(OtherStory)), 0, 0.2);
        Assert.Empty(MinHash.BandKeys(Signature(Body)).Intersect(MinHash.BandKeys(Signature(OtherStory))));
    }

    [Fact]
    public void Half_the_article_is_not_a_near_duplicate_of_the_whole() =>
        Assert.InRange(MinHash.Similarity(Signature(Body), Signature(Body[..(Body.Length / 2)])), 0.2, MinHash.NearDuplicateSimilarity - 0.05);

    [Fact]
    public void Equal_values_in_different_bands_give_different_keys()
    {
        var keys = MinHash.BandKeys(new int[MinHash.Size]);

        Assert.Equal(MinHash.Bands, keys.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Short news: Kim meets Putin in Vladivostok.")]
    [InlineData("\u0000\uFFFF\uD800 ---- !!!! 💥💥💥")]
    public void A_text_too_short_to_judge_has_no_signature(string text) => Assert.Null(MinHash.Signature(text));
}
