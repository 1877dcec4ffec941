using System.Text.Json;

namespace NewsEvents.Extraction.Evaluation;

/// <summary>A measure of a gold text against the floor recorded for it.</summary>
public sealed record FloorCheck(string Text, string Measure, double Value, double Floor)
{
    public bool Holds => Value >= Floor;
}

/// <summary>
/// The scores the extractor must keep on the gold texts (Gold/floors.json: text name → measure → floor), recorded at
/// the scores measured when they were set, rounded down, so that a change that lowers one is a regression to explain.
/// </summary>
public static class GoldFloors
{
    public const string FileName = "floors.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Dictionary<string, Dictionary<string, double>> Load(string directory) =>
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(File.ReadAllText(Path.Combine(directory, FileName)))
        ?? throw new InvalidDataException($"{FileName} is empty");

    /// <summary>Records every measure of the scores, rounded down to 0.01, as its floor.</summary>
    public static void Save(string directory, IEnumerable<GoldScore> scores)
    {
        var floors = scores.ToDictionary(
            score => score.Name,
            score => score.Measures().ToDictionary(m => m.Key, m => Math.Floor(m.Value * 100 + 1e-9) / 100, StringComparer.Ordinal),
            StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(floors, Indented) + "\n");
    }

    /// <summary>Every floor recorded for the score's text, with the measured value; a floor for a measure the score lacks reads 0.</summary>
    public static IEnumerable<FloorCheck> Check(GoldScore score, Dictionary<string, Dictionary<string, double>> floors)
    {
        var measures = score.Measures();
        foreach (var (measure, floor) in floors.GetValueOrDefault(score.Name) ?? [])
        {
            yield return new FloorCheck(score.Name, measure, measures.GetValueOrDefault(measure), floor);
        }
    }
}
