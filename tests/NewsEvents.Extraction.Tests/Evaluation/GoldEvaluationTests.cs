using NewsEvents.Extraction.Evaluation;
using NewsEvents.Extraction.Ner.Training;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Evaluation;

/// <summary>The scoring rules themselves, on outputs built by hand.</summary>
public sealed class GoldEvaluationTests
{
    private const string Body = "Kim Jong-un met Putin in Vladivostok.";

    private static readonly GoldText Gold = new("t", "", Body, null,
        new GoldEntities(
            [
                new GoldEntity("kim", EntityType.Person, null, ["Kim Jong-un"]),
                new GoldEntity("putin", EntityType.Person, null, ["Vladimir Putin"]),
                new GoldEntity("vladivostok", EntityType.Location, LocationKind.City, ["Vladivostok"]),
            ],
            [
                new GoldMention(TextField.Body, 0, 11, "Kim Jong-un", "kim"),
                new GoldMention(TextField.Body, 16, 21, "Putin", "putin"),
                new GoldMention(TextField.Body, 25, 36, "Vladivostok", "vladivostok"),
            ]),
        [new GoldQuote(TextField.Body, "met Putin", "Kim Jong-un", true)],
        [
            new GoldEvent("Kim Jong-un met Putin", "040", ["Kim Jong-un"], ["Vladimir Putin", "Putin"], ["asserted"]),
            new GoldEvent("Kim Jong-un met Putin", "190", ["Kim Jong-un"], null, ["asserted"]),
        ]);

    [Fact]
    public void A_mention_counts_only_with_its_exact_span_and_type()
    {
        var result = Result(
            Entity("Kim Jong-un", EntityType.Person, null, (0, 11)),
            Entity("Putin", EntityType.Organization, null, (16, 21)),
            Entity("Vladivostok", EntityType.Location, LocationKind.City, (25, 35)));

        var score = GoldEvaluation.ScoreEntities(Gold, Gold.Entities!, result).Mentions;

        Assert.Equal((1, 2, 2), (score.Micro.TruePositives, score.Micro.FalsePositives, score.Micro.FalseNegatives));
        Assert.Equal((1, 0, 1), Counts(score, "PER"));
        Assert.Equal((0, 1, 0), Counts(score, "ORG"));
        Assert.Equal((0, 1, 1), Counts(score, "LOC"));
    }

    [Fact]
    public void A_mention_is_linked_right_by_a_gold_name_and_kind()
    {
        var result = Result(
            Entity("Kim Jong-un", EntityType.Person, null, (0, 11)),
            Entity("Putin", EntityType.Person, null, (16, 21)),
            Entity("Vladivostok", EntityType.Location, LocationKind.Region, (25, 36)));

        var entities = GoldEvaluation.ScoreEntities(Gold, Gold.Entities!, result);

        Assert.Equal(1.0, entities.Mentions.Micro.F1);
        Assert.Equal(1, entities.Linked); // "Putin" is not the canonical "Vladimir Putin"; Vladivostok is no region
        Assert.Equal(2, entities.WrongLinks.Count);
    }

    [Fact]
    public void Quote_speaker_and_directness_must_both_be_right()
    {
        var kim = Entity("Kim Jong-un", EntityType.Person, null, (0, 11));
        var right = Result([kim], [new ExtractedQuote("met Putin", new TextSpan(TextField.Body, 12, 21), 0, "said", true)]);
        var reported = Result([kim], [new ExtractedQuote("met Putin", new TextSpan(TextField.Body, 12, 21), 0, "said", false)]);
        var elsewhere = Result([kim], [new ExtractedQuote("Vladivostok", new TextSpan(TextField.Body, 25, 36), 0, "said", true)]);

        Assert.Equal(1.0, GoldEvaluation.ScoreQuotes(Gold, Gold.Quotes!, right).SpeakerAccuracy);
        Assert.Equal(0.0, GoldEvaluation.ScoreQuotes(Gold, Gold.Quotes!, reported).SpeakerAccuracy);
        var missed = GoldEvaluation.ScoreQuotes(Gold, Gold.Quotes!, elsewhere);
        Assert.Equal((0, 1, 0.0), (missed.Matched, missed.Spurious, missed.Precision));
    }

    [Fact]
    public void Events_need_the_sentence_root_actor_and_target()
    {
        ExtractedEntity[] entities = [Entity("Kim Jong-un", EntityType.Person, null, (0, 11)), Entity("Vladimir Putin", EntityType.Person, null, (16, 21))];
        var result = Result(entities, [], [
            Event("042", 0, 1, Modality.Asserted), // 04 like the gold's 040: right
            Event("043", 0, 1, Modality.Planned),  // right again, same gold event, modality not accepted
            Event("040", 1, 0, Modality.Asserted), // actor and target swapped: wrong
        ]);

        var score = GoldEvaluation.ScoreEvents(Gold.Events!, result);

        Assert.Equal((3, 2, 1, 1), (score.Extracted, score.Right, score.Found, score.ModalityRight));
        Assert.Equal(2.0 / 3, score.Precision, 6);
        Assert.Equal(0.5, score.Recall);
    }

    [Fact]
    public void The_whole_extractor_is_scored_on_conll_text_with_groups_as_misc()
    {
        const string conll = """
            North	B-MISC
            Korean	I-MISC
            leader	O
            Kim	B-PER
            Jong-un	I-PER
            will	O
            visit	O
            Russia	B-LOC
            .	O

            """;

        var score = ConllExtractorEvaluation.Evaluate(ArticleExtractor.Default, ConllReader.Read(new StringReader(conll)));

        Assert.Equal((3, 0, 0), (score.Micro.TruePositives, score.Micro.FalsePositives, score.Micro.FalseNegatives));
    }

    private static (int, int, int) Counts(NerScore score, string type)
    {
        var t = score.Types.Single(s => s.Type == type);
        return (t.TruePositives, t.FalsePositives, t.FalseNegatives);
    }

    private static ExtractedEntity Entity(string name, EntityType type, LocationKind? kind, params (int Start, int End)[] spans) =>
        new(EntityKeys.For(type, name), name, type, kind, null, null, null, [], [],
            [.. spans.Select(s => new ExtractedMention(new TextSpan(TextField.Body, s.Start, s.End), Body[s.Start..s.End]))]);

    private static ExtractedEvent Event(string code, int actor, int target, Modality modality) =>
        new(new EventType(code, code), actor, target, null, null, modality, new TextSpan(TextField.Body, 0, Body.Length), Body, "met", 0.5, 0);

    private static ExtractionResult Result(params ExtractedEntity[] entities) => Result(entities, []);

    private static ExtractionResult Result(ExtractedEntity[] entities, ExtractedQuote[] quotes, ExtractedEvent[]? events = null) =>
        new(entities, quotes, events ?? [], 0, []);
}
