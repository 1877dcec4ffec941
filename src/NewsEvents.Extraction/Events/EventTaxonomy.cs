using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Events;

/// <summary>
/// The event types, aligned with the CAMEO codebook (Schrodt, Conflict and Mediation Event Observations, v1.1b3):
/// its twenty root codes and the sub-types the extractor detects (three-digit codes under their root).
/// </summary>
public static class EventTaxonomy
{
    public static IReadOnlyList<EventType> All { get; } =
    [
        new("01", "Make public statement"),
        new("02", "Appeal"),
        new("03", "Express intent to cooperate"),
        new("04", "Consult"),
        new("05", "Engage in diplomatic cooperation"),
        new("06", "Engage in material cooperation"),
        new("07", "Provide aid"),
        new("08", "Yield"),
        new("09", "Investigate"),
        new("10", "Demand"),
        new("11", "Disapprove"),
        new("12", "Reject"),
        new("13", "Threaten"),
        new("14", "Protest"),
        new("15", "Exhibit force posture"),
        new("16", "Reduce relations"),
        new("17", "Coerce"),
        new("18", "Assault"),
        new("19", "Fight"),
        new("20", "Use unconventional mass violence"),
    ];

    private static readonly Dictionary<string, EventType> ByCode = All.ToDictionary(type => type.Code);

    /// <summary>The type with this code, or null for a code outside the taxonomy.</summary>
    public static EventType? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The root a code belongs to: "036" → "03".</summary>
    public static EventType RootOf(EventType type) => ByCode[type.Code[..2]];
}
