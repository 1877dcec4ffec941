using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Events;

/// <summary>
/// The event types, aligned with the CAMEO codebook (Schrodt, Conflict and Mediation Event Observations, v1.1b3):
/// its twenty root codes and the sub-types the extractor detects (three- or four-digit codes under their root, with
/// the codebook's names). docs/event-taxonomy.md lists the cues of each.
/// </summary>
public static class EventTaxonomy
{
    public static IReadOnlyList<EventType> Roots { get; } =
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

    /// <summary>The sub-types the cue lexicon (Data/Events/event-cues.tsv) uses.</summary>
    public static IReadOnlyList<EventType> SubTypes { get; } =
    [
        new("010", "Make statement, not specified below"),
        new("011", "Decline comment"),
        new("012", "Make pessimistic comment"),
        new("013", "Make optimistic comment"),
        new("015", "Acknowledge or claim responsibility"),
        new("016", "Deny responsibility"),
        new("018", "Make empathetic comment"),
        new("019", "Express accord"),
        new("020", "Appeal, not specified below"),
        new("023", "Appeal for aid, not specified below"),
        new("025", "Appeal to yield"),
        new("026", "Appeal to others to meet or negotiate"),
        new("030", "Express intent to cooperate, not specified below"),
        new("033", "Express intent to provide material aid, not specified below"),
        new("036", "Express intent to meet or negotiate"),
        new("040", "Consult, not specified below"),
        new("041", "Discuss by telephone"),
        new("042", "Make a visit"),
        new("043", "Host a visit"),
        new("045", "Mediate"),
        new("046", "Engage in negotiation"),
        new("051", "Praise or endorse"),
        new("054", "Grant diplomatic recognition"),
        new("055", "Apologize"),
        new("056", "Forgive"),
        new("057", "Sign formal agreement"),
        new("060", "Engage in material cooperation, not specified below"),
        new("061", "Cooperate economically"),
        new("062", "Cooperate militarily"),
        new("064", "Share intelligence or information"),
        new("070", "Provide aid, not specified below"),
        new("071", "Provide economic aid"),
        new("072", "Provide military aid"),
        new("073", "Provide humanitarian aid"),
        new("074", "Provide military protection or peacekeeping"),
        new("075", "Grant asylum"),
        new("080", "Yield, not specified below"),
        new("081", "Ease administrative sanctions, not specified below"),
        new("084", "Return, release, not specified below"),
        new("085", "Ease economic sanctions, boycott, embargo"),
        new("086", "Allow international involvement"),
        new("087", "De-escalate military engagement"),
        new("090", "Investigate, not specified below"),
        new("100", "Demand, not specified below"),
        new("106", "Demand withdrawal"),
        new("107", "Demand ceasefire"),
        new("111", "Criticize or denounce"),
        new("112", "Accuse, not specified below"),
        new("114", "Complain officially"),
        new("115", "Bring lawsuit against"),
        new("116", "Find guilty or liable (legally)"),
        new("120", "Reject, not specified below"),
        new("125", "Reject proposal to meet, discuss, or negotiate"),
        new("128", "Defy norms, law"),
        new("129", "Veto"),
        new("130", "Threaten, not specified below"),
        new("131", "Threaten non-force, not specified below"),
        new("138", "Threaten to use military force, not specified below"),
        new("139", "Give ultimatum"),
        new("140", "Engage in political dissent, not specified below"),
        new("141", "Demonstrate or rally"),
        new("142", "Conduct hunger strike, not specified below"),
        new("143", "Conduct strike or boycott, not specified below"),
        new("145", "Protest violently, riot"),
        new("150", "Demonstrate military or police power, not specified below"),
        new("152", "Increase military alert status"),
        new("154", "Mobilize or increase armed forces"),
        new("161", "Reduce or break diplomatic relations"),
        new("162", "Reduce or stop material aid, not specified below"),
        new("163", "Impose embargo, boycott, or sanctions"),
        new("164", "Halt negotiations"),
        new("171", "Seize or damage property, not specified below"),
        new("172", "Impose administrative sanctions, not specified below"),
        new("173", "Arrest, detain, or charge with legal action"),
        new("174", "Expel or deport individuals"),
        new("175", "Use tactics of violent repression"),
        new("181", "Abduct, hijack, or take hostage"),
        new("182", "Physically assault, not specified below"),
        new("1823", "Kill by physical assault"),
        new("183", "Conduct suicide, car, or other non-military bombing, not specified below"),
        new("185", "Attempt to assassinate"),
        new("186", "Assassinate"),
        new("190", "Use conventional military force, not specified below"),
        new("191", "Impose blockade, restrict movement"),
        new("192", "Occupy territory"),
        new("194", "Fight with artillery and tanks"),
        new("195", "Employ aerial weapons, not specified below"),
        new("196", "Violate ceasefire"),
        new("202", "Engage in mass killings"),
        new("203", "Engage in ethnic cleansing"),
        new("204", "Use weapons of mass destruction, not specified below"),
    ];

    /// <summary>Every root and sub-type, roots first.</summary>
    public static IReadOnlyList<EventType> All { get; } = [.. Roots, .. SubTypes];

    private static readonly Dictionary<string, EventType> ByCode = All.ToDictionary(type => type.Code);

    /// <summary>The type with this code, or null for a code outside the taxonomy.</summary>
    public static EventType? Find(string code) => ByCode.GetValueOrDefault(code);

    /// <summary>The root a code belongs to: "036" → "03".</summary>
    public static EventType RootOf(EventType type) => ByCode[type.Code[..2]];
}
