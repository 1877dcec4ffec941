using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Tests.Ner;

/// <summary>
/// The tagger scores tokens through caches (<see cref="EmissionScorer"/>); the features themselves are defined by
/// <see cref="FeatureExtractor.Extract"/>, which training uses. Both must give the same integer scores.
/// </summary>
public sealed class EmissionScorerTests
{
    private static readonly string SeedArticle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));

    public static TheoryData<string> Texts() => new()
    {
        SeedArticle,
        // Headlines in upper and title case, a results line, hyphens, numbers, marks, unknown and non-Latin words.
        "LEICESTERSHIRE BEAT SOMERSET AT GRACE ROAD\n\nLeicestershire beat Somerset by an innings at Grace Road on Friday.",
        "Russian Forces Breach Defence Line Near Zaporizhzhia Region\n\nThe Moscow-backed forces of Kim Jong-un's ally...",
        "Surrey 429-7 dec v Essex 148 and 23-2 ( Smith 12 , O'Brien 4 ) .\nCHICAGO 72 58 .554 -",
        "Zzyzx Qwertco Holdings plc said on Tuesday that Ξένος and 東京 were not part of the $1.2 bln deal (https://example.com).",
        "",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Cached_scores_equal_the_sum_of_the_extracted_features(string text)
    {
        var model = NerTagger.Default.Model;
        var extractor = new FeatureExtractor(Gazetteer.Default, model.Casing);
        var scorer = new EmissionScorer(model, extractor.Vocabulary);
        var tokens = Tokenizer.Tokenize(text);
        var sentences = SentenceSplitter.Split(text, tokens);
        var doc = extractor.Prepare(text, tokens, sentences);
        Span<ulong> buffer = stackalloc ulong[FeatureExtractor.MaxFeaturesPerToken];

        foreach (var sentence in sentences)
        {
            var cached = new int[sentence.TokenCount * BioTags.Count];
            scorer.Score(doc, sentence, cached);
            var expected = new int[cached.Length];
            for (var k = 0; k < sentence.TokenCount; k++)
            {
                var count = FeatureExtractor.Extract(doc, sentence, sentence.TokenStart + k, buffer);
                for (var f = 0; f < count; f++)
                {
                    model.AddWeights(buffer[f], expected.AsSpan(k * BioTags.Count, BioTags.Count));
                }
            }
            Assert.Equal(expected, cached);
        }
    }
}
