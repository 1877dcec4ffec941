using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Features.Extraction;

// What was read from a text, as the API shows it: for a stored article (with ids) and for a preview (ids null).
// Offsets are UTF-16 code units into the field named, end exclusive.

/// <param name="Field">title or body (for a preview: title or text, reported as body).</param>
public sealed record MentionResponse(string Text, int Start, int End, TextField Field);

/// <param name="Id">The stored entity; null in a preview.</param>
/// <param name="Kind">For places: country, city, region or other.</param>
/// <param name="Titles">Titles and roles the text gives it.</param>
public sealed record EntityResponse(
    Guid? Id,
    string Name,
    EntityType Type,
    LocationKind? Kind,
    string? CountryCode,
    double? Lat,
    double? Lon,
    IReadOnlyList<string> Titles,
    IReadOnlyList<MentionResponse> Mentions);

/// <param name="Speaker">Who said it, when the text tells.</param>
/// <param name="Cue">The verb or phrase that attributes it ("said", "according to").</param>
/// <param name="Direct">Quoted words, as opposed to reported speech.</param>
public sealed record QuoteResponse(string Text, EntityReference? Speaker, string? Cue, int Start, int End, TextField Field, bool Direct);

/// <param name="Type">CAMEO-aligned type (see the event-types list).</param>
/// <param name="Sentence">The sentence the event was read from; Start and End are its offsets.</param>
/// <param name="Tone">Tone of that sentence, -100 to +100.</param>
public sealed record EventResponse(
    Guid? Id,
    EventType Type,
    EntityReference? Actor,
    EntityReference? Target,
    PlaceReference? Location,
    DateOnly? Date,
    Modality Modality,
    string Sentence,
    int Start,
    int End,
    TextField Field,
    string Cue,
    double Confidence,
    double Tone);

/// <summary>Everything read from a text.</summary>
/// <param name="Tone">Tone of the whole text, GDELT-style: -100 (negative) to +100 (positive).</param>
public sealed record ExtractionResponse(
    IReadOnlyList<EntityResponse> Entities,
    IReadOnlyList<QuoteResponse> Quotes,
    IReadOnlyList<EventResponse> Events,
    double? Tone,
    IReadOnlyList<string> KeyPhrases)
{
    public static ExtractionResponse From(ExtractionResult result)
    {
        EntityReference? Reference(int? index) =>
            index is { } i ? new EntityReference(null, result.Entities[i].Name, result.Entities[i].Type) : null;

        return new ExtractionResponse(
            result.Entities.Select(e => new EntityResponse(
                null, e.Name, e.Type, e.Kind, e.CountryCode, e.Latitude, e.Longitude, e.Titles,
                e.Mentions.Select(m => new MentionResponse(m.Text, m.Span.Start, m.Span.End, m.Span.Field)).ToList())).ToList(),
            result.Quotes.Select(q => new QuoteResponse(q.Text, Reference(q.Speaker), q.Cue, q.Span.Start, q.Span.End, q.Span.Field, q.IsDirect)).ToList(),
            result.Events.Select(e => new EventResponse(
                null, e.Type, Reference(e.Actor), Reference(e.Target),
                e.Location is { } l ? new PlaceReference(null, result.Entities[l].Name, result.Entities[l].Latitude, result.Entities[l].Longitude) : null,
                e.Date, e.Modality, e.SentenceText, e.Sentence.Start, e.Sentence.End, e.Sentence.Field, e.Cue, e.Confidence, e.Tone)).ToList(),
            result.Tone,
            result.KeyPhrases);
    }
}

/// <summary>Text to read without storing anything.</summary>
public sealed class ExtractRequest
{
    /// <summary>Headline (optional); its offsets are reported with field "title".</summary>
    /// <example>N. Korea gives weapons to Russia, pays price: US</example>
    [StringLength(1000)]
    public string? Title { get; init; }

    /// <summary>The text; its offsets are reported with field "body".</summary>
    /// <example>US National Security Advisor Jake Sullivan said North Korea would pay a price. "They will pay for it," Sullivan said.</example>
    [Required, StringLength(1_000_000)]
    public string Text { get; init; } = "";

    /// <summary>Publication time, against which relative dates ("next week") are resolved.</summary>
    /// <example>2023-09-05T14:30:00Z</example>
    public DateTimeOffset? PublishedAt { get; init; }
}
