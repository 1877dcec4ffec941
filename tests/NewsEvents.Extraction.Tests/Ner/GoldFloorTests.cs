using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Ner.Training;

namespace NewsEvents.Extraction.Tests.Ner;

/// <summary>
/// The tagger's score on gold annotations committed with the tests (Ner/Gold/README.md). The floors are the scores
/// measured when the model was trained, rounded down: a change that lowers them is a regression to explain.
/// </summary>
public sealed class GoldFloorTests
{
    /// <summary>
    /// Measured 0.915 (54 of 59 entities exact) with the model of this commit; the misses are "N. Korea" (only "Korea"),
    /// "US" in "US National Security Advisor" (twice, as ORG "US National Security"), "the Biden administration" (LOC)
    /// and "The Telegraph" (without "The").
    /// </summary>
    private const double SeedArticleMicroF1Floor = 0.90;

    [Fact]
    public void Reference_article_scores_at_least_its_floor()
    {
        var documents = ConllReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Ner", "Gold", "seed-article.conll"));

        var score = NerEvaluation.Evaluate(NerTagger.Default, documents);

        Assert.Equal(59, score.Micro.Gold);
        Assert.True(score.Micro.F1 >= SeedArticleMicroF1Floor, score.Format());
    }

    [Fact]
    public void Conll_reader_turns_iob1_into_iob2_spans()
    {
        const string conll = """
            -DOCSTART- -X- O O

            West NNP I-NP I-MISC
            Indian NNP I-NP I-MISC
            Phil NNP I-NP I-PER
            Simmons NNP I-NP I-PER
            Leicestershire NNP I-NP B-ORG
            Somerset NNP I-NP B-ORG
            . . O O

            """;

        var documents = ConllReader.Read(new StringReader(conll));

        var sentence = Assert.Single(Assert.Single(documents).Sentences);
        Assert.Equal(
            [(0, 2, EntityType.Misc), (2, 4, EntityType.Person), (4, 5, EntityType.Organization), (5, 6, EntityType.Organization)],
            BioTags.Spans(sentence.Tags));
    }

    [Fact]
    public void Scoring_needs_the_exact_span_and_type()
    {
        var counts = new int[4, 3];
        int[] gold = [BioTags.Begin(EntityType.Person), BioTags.Inside(EntityType.Person), BioTags.Outside, BioTags.Begin(EntityType.Location)];
        int[] predicted = [BioTags.Begin(EntityType.Person), BioTags.Outside, BioTags.Outside, BioTags.Begin(EntityType.Location)];

        NerEvaluation.Count(gold, predicted, counts);
        var score = NerEvaluation.ToScore(counts);

        Assert.Equal(1, score.Micro.TruePositives);
        Assert.Equal(1, score.Micro.FalsePositives);
        Assert.Equal(1, score.Micro.FalseNegatives);
        Assert.Equal(0.5, score.Micro.F1, 6);
    }
}
