using NewsEvents.Extraction.Evaluation;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Evaluation;

/// <summary>
/// The whole extractor on the hand-annotated gold texts (Gold/README.md): every measure stays at or above the floor
/// recorded for it in Gold/floors.json (`newsevents evaluate` prints the same scores, `--details` the misses).
/// </summary>
public sealed class GoldScoreFloorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Gold");

    private static readonly List<GoldText> Texts = GoldText.LoadFolder(Folder);

    private static readonly Dictionary<string, Dictionary<string, double>> Floors = GoldFloors.Load(Folder);

    public static TheoryData<string> TextNames() => [.. GoldText.LoadFolder(Folder).Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TextNames))]
    public void Every_measure_stays_at_or_above_its_floor(string name)
    {
        var score = GoldEvaluation.Evaluate(ArticleExtractor.Default, Texts.Single(t => t.Name == name));

        var checks = GoldFloors.Check(score, Floors).ToList();

        Assert.Equal(score.Measures().Keys.Order(StringComparer.Ordinal), checks.Select(c => c.Measure).Order(StringComparer.Ordinal));
        var below = checks.Where(c => !c.Holds).Select(c => $"{c.Measure} {c.Value:F3} < {c.Floor:F2}").ToList();
        var misses = (score.Entities?.Misses ?? []).Concat(score.Entities?.WrongLinks ?? []).Concat(score.Quotes?.Misses ?? []).Concat(score.Events?.Misses ?? []);
        Assert.True(below.Count == 0, $"{string.Join(", ", below)}\n{string.Join("\n", misses)}");
    }

    [Fact]
    public void The_gold_holds_the_reference_article_in_full_and_more_texts()
    {
        var seed = Texts.Single(t => t.Name == "seed-article");

        Assert.True(Texts.Count >= 3, $"{Texts.Count} gold texts");
        Assert.All(Texts, t => Assert.NotNull(t.Entities));
        Assert.All(Texts, t => Assert.NotNull(t.Quotes));
        Assert.All(Texts, t => Assert.NotNull(t.Events));
        Assert.Equal(59, seed.Entities!.Mentions.Count);
        Assert.Equal(11, seed.Quotes!.Count);
        Assert.Equal(17, seed.Events!.Count);
    }

    [Fact]
    public void Gold_mentions_are_the_text_at_their_offsets_and_never_overlap()
    {
        foreach (var text in Texts)
        {
            var ids = text.Entities!.Entities.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var field in new[] { TextField.Title, TextField.Body })
            {
                var mentions = text.Entities.Mentions.Where(m => m.Field == field).OrderBy(m => m.Start).ToList();
                var previousEnd = 0;
                foreach (var mention in mentions)
                {
                    Assert.Equal(mention.Text, text[field][mention.Start..mention.End]);
                    Assert.Contains(mention.Entity, ids);
                    Assert.True(previousEnd <= mention.Start, $"{text.Name}: {mention.Text} at {mention.Start} overlaps the mention before");
                    previousEnd = mention.End;
                }
            }
            Assert.Equal(ids, text.Entities.Mentions.Select(m => m.Entity).ToHashSet(StringComparer.Ordinal));
        }
    }
}
