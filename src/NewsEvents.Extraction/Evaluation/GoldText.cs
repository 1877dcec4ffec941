using System.Text.Json;
using System.Text.Json.Serialization;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Evaluation;

/// <summary>An entity of a gold file: what a mention links to. Right when the extractor's entity goes by one of <see cref="Names"/>.</summary>
public sealed record GoldEntity(string Id, EntityType Type, LocationKind? Kind, IReadOnlyList<string> Names);

/// <summary>A mention a reader marks: <c>field</c>'s text[Start..End] names <see cref="Entity"/> (a <see cref="GoldEntity.Id"/>).</summary>
public sealed record GoldMention(TextField Field, int Start, int End, string Text, string Entity);

/// <param name="Speaker">The speaker's entity name; null when the text names nobody.</param>
public sealed record GoldQuote(TextField Field, string Text, string? Speaker, bool Direct);

/// <summary>
/// An event a reader marks: from the sentence that contains <see cref="Sentence"/>, of the CAMEO root of <see cref="Code"/>,
/// by an actor that goes by one of <see cref="Actor"/> on a target that goes by one of <see cref="Target"/> (null: any).
/// </summary>
public sealed record GoldEvent(string Sentence, string Code, IReadOnlyList<string> Actor, IReadOnlyList<string>? Target, IReadOnlyList<string> Modality);

/// <summary>The entity mentions of a gold text; a mention's type is its entity's.</summary>
public sealed record GoldEntities(IReadOnlyList<GoldEntity> Entities, IReadOnlyList<GoldMention> Mentions);

/// <summary>
/// A text annotated by hand (tests/NewsEvents.Extraction.Tests/Gold, README.md there): its title (the first line of
/// the file) and body (everything after that line break), and whichever annotations exist for it.
/// </summary>
public sealed record GoldText(
    string Name,
    string Title,
    string Body,
    DateTimeOffset? PublishedAt,
    GoldEntities? Entities,
    IReadOnlyList<GoldQuote>? Quotes,
    IReadOnlyList<GoldEvent>? Events)
{
    public string this[TextField field] => field == TextField.Title ? Title : Body;

    /// <summary>
    /// Reads every <c>NAME.entities.json</c>, <c>NAME.quotes.json</c> and <c>NAME.events.json</c> of a folder, grouped by
    /// NAME; each names its text file ("file", relative to the folder).
    /// </summary>
    public static List<GoldText> LoadFolder(string directory)
    {
        var texts = new List<GoldText>();
        var files = Directory.GetFiles(directory, "*.json")
            .Select(path => (Path: path, Parts: Path.GetFileName(path).Split('.')))
            .Where(f => f.Parts.Length == 3 && f.Parts[1] is "entities" or "quotes" or "events")
            .GroupBy(f => f.Parts[0], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in files)
        {
            var parts = group.ToDictionary(f => f.Parts[1], f => JsonSerializer.Deserialize<GoldFile>(File.ReadAllText(f.Path), JsonOptions)
                ?? throw new InvalidDataException($"{f.Path} is empty"), StringComparer.Ordinal);
            var textFiles = parts.Values.Select(p => p.File).Distinct(StringComparer.Ordinal).ToList();
            if (textFiles is not [{ } textFile])
            {
                throw new InvalidDataException($"the gold files of {group.Key} must name one text file (\"file\"), not {textFiles.Count}");
            }
            var text = File.ReadAllText(Path.Combine(directory, textFile));
            var lineEnd = text.IndexOf('\n', StringComparison.Ordinal);
            var (title, body) = lineEnd < 0 ? ("", text) : (text[..lineEnd], text[(lineEnd + 1)..]);
            texts.Add(new GoldText(
                group.Key,
                title,
                body,
                parts.Values.Select(p => p.PublishedAt).FirstOrDefault(p => p is not null),
                parts.GetValueOrDefault("entities") is { Entities: { } entities, Mentions: { } mentions } ? new GoldEntities(entities, mentions) : null,
                parts.GetValueOrDefault("quotes")?.Quotes,
                parts.GetValueOrDefault("events")?.Events));
        }
        return texts;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private sealed record GoldFile(
        string File,
        DateTimeOffset? PublishedAt,
        IReadOnlyList<GoldEntity>? Entities,
        IReadOnlyList<GoldMention>? Mentions,
        IReadOnlyList<GoldQuote>? Quotes,
        IReadOnlyList<GoldEvent>? Events);
}
