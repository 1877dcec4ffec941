using System.Text.Json;
using System.Text.Json.Serialization;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Events;

/// <summary>
/// The extractor against the reference article's gold events (Gold/seed-article.events.json). The floors are the
/// scores measured when the gold was written, rounded down: a change that lowers them is a regression to explain.
/// </summary>
public sealed class EventGoldTests
{
    /// <summary>Measured 16/16 events right; the one gold event missed is "Kim will go to Russia" (no cue for a bare "go to").</summary>
    private const double PrecisionFloor = 0.9;

    private const double RecallFloor = 0.9;

    /// <summary>Of the events both found and right, the share whose modality is one the gold accepts (measured 16/16).</summary>
    private const double ModalityFloor = 0.9;

    [Fact]
    public void Reference_article_events_score_at_least_their_floor()
    {
        var gold = JsonSerializer.Deserialize<GoldFile>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Gold", "seed-article.events.json")), JsonOptions)!;
        var result = EventTestKit.SeedArticle;

        var matchedGold = new HashSet<GoldEvent>();
        int right = 0, modalityRight = 0;
        foreach (var predicted in result.Events)
        {
            var match = gold.Events.FirstOrDefault(g => Matches(result, predicted, g));
            if (match is null)
            {
                continue;
            }
            right++;
            matchedGold.Add(match);
            modalityRight += match.Modality.Contains(predicted.Modality.ToString(), StringComparer.OrdinalIgnoreCase) ? 1 : 0;
        }

        var precision = (double)right / Math.Max(1, result.Events.Count);
        var recall = (double)matchedGold.Count / gold.Events.Count;
        var report = $"precision {right}/{result.Events.Count} = {precision:F2}, recall {matchedGold.Count}/{gold.Events.Count} = {recall:F2}, "
            + $"modality {modalityRight}/{right}\n{EventTestKit.Describe(result)}";
        Assert.True(precision >= PrecisionFloor, report);
        Assert.True(recall >= RecallFloor, report);
        Assert.True((double)modalityRight / Math.Max(1, right) >= ModalityFloor, report);
    }

    private static bool Matches(ExtractionResult result, ExtractedEvent predicted, GoldEvent gold) =>
        predicted.SentenceText.Contains(gold.Sentence, StringComparison.Ordinal)
        && predicted.Type.Code[..2] == gold.Code[..2]
        && EventTestKit.IsNamed(result, predicted.Actor, [.. gold.Actor])
        && (gold.Target is null || EventTestKit.IsNamed(result, predicted.Target, [.. gold.Target]));

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record GoldFile(
        [property: JsonPropertyName("events")] IReadOnlyList<GoldEvent> Events);

    private sealed record GoldEvent(string Sentence, string Code, IReadOnlyList<string> Actor, IReadOnlyList<string>? Target, IReadOnlyList<string> Modality);
}
