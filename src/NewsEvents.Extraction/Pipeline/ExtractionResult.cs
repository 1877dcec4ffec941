namespace NewsEvents.Extraction.Pipeline;

// The extractor's output: what an article says, each piece with the span of text it came from.
// Entities are referred to by their index in ExtractionResult.Entities.

public enum TextField
{
    Title,
    Body,
}

/// <summary>What kind of thing an entity is.</summary>
public enum EntityType
{
    Person,
    Organization,
    Location,

    /// <summary>Nationalities and other groups of people: "North Korean", "Western allies".</summary>
    Group,

    /// <summary>Named things of no other type (CoNLL's MISC): events, laws, products, works.</summary>
    Other,
}

public enum LocationKind
{
    Country,
    City,
    Region,
    Other,
}

/// <summary>How the article presents an event.</summary>
public enum Modality
{
    /// <summary>Stated as fact by the article.</summary>
    Asserted,

    /// <summary>Attributed to a source ("officials said").</summary>
    Reported,

    /// <summary>Claimed, not established ("reports that", "allegedly").</summary>
    Alleged,

    /// <summary>Intended or expected, not yet happened ("will meet", "plans to").</summary>
    Planned,

    /// <summary>Said not to have happened ("did not attack").</summary>
    Negated,

    /// <summary>Denied by its actor ("the Kremlin denied").</summary>
    Denied,
}

/// <summary><c>Field</c>'s text[Start..End], in UTF-16 code units, end exclusive.</summary>
public readonly record struct TextSpan(TextField Field, int Start, int End);

public sealed record ExtractedMention(TextSpan Span, string Text);

/// <param name="Name">Another surface form of the entity: "Sullivan", "Kim Jong-Un".</param>
/// <param name="Key">
/// Its normalised key, under which later articles find this entity; null when the form is too weak to identify it
/// beyond this article (a lone surname).
/// </param>
public sealed record ExtractedAlias(string Name, string? Key);

/// <param name="Key">
/// Stable, normalised identity used to resolve the same entity across articles (e.g. "person:kim jong un",
/// "location:country:KP"). Equal keys are the same entity.
/// </param>
/// <param name="Name">Canonical display name: "Jake Sullivan", "North Korea".</param>
/// <param name="Aliases">Every other surface form the article used for it.</param>
/// <param name="Titles">Titles and roles the article gives it: "US National Security Advisor", "North Korean leader".</param>
/// <param name="PartOfKey">The key of the entity this one belongs to or stands for: the Kremlin → Russia.</param>
public sealed record ExtractedEntity(
    string Key,
    string Name,
    EntityType Type,
    LocationKind? Kind,
    string? CountryCode,
    double? Latitude,
    double? Longitude,
    IReadOnlyList<ExtractedAlias> Aliases,
    IReadOnlyList<string> Titles,
    IReadOnlyList<ExtractedMention> Mentions,
    string? PartOfKey = null);

/// <param name="Speaker">Index of the speaking entity, when known.</param>
/// <param name="Cue">The verb or phrase that attributes it: "said", "according to".</param>
/// <param name="IsDirect">Quoted words, as opposed to reported speech.</param>
public sealed record ExtractedQuote(string Text, TextSpan Span, int? Speaker, string? Cue, bool IsDirect);

/// <summary>A type in the CAMEO-aligned event taxonomy: "036" / "Express intent to meet or negotiate".</summary>
public sealed record EventType(string Code, string Name);

/// <param name="Sentence">The sentence the event was read from.</param>
/// <param name="Tone">Tone of that sentence, GDELT-style: -100 (negative) to +100 (positive).</param>
public sealed record ExtractedEvent(
    EventType Type,
    int? Actor,
    int? Target,
    int? Location,
    DateOnly? Date,
    Modality Modality,
    TextSpan Sentence,
    string SentenceText,
    string Cue,
    double Confidence,
    double Tone);

/// <param name="Tone">Tone of the whole article, GDELT-style: -100 to +100.</param>
public sealed record ExtractionResult(
    IReadOnlyList<ExtractedEntity> Entities,
    IReadOnlyList<ExtractedQuote> Quotes,
    IReadOnlyList<ExtractedEvent> Events,
    double Tone,
    IReadOnlyList<string> KeyPhrases)
{
    public static ExtractionResult Empty { get; } = new([], [], [], 0, []);
}
