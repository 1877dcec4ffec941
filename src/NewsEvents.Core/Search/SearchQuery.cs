using System.Globalization;
using System.Text.RegularExpressions;
using NewsEvents.Extraction.Events;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Search;

/// <summary>
/// The one-search query language: PostgreSQL web-search syntax for the words, plus fielded filters anywhere in the
/// string: <c>entity:"Kim Jong-un"</c>, <c>type:person</c>, <c>source:Reuters</c>, <c>event:consult</c> (a CAMEO code
/// or a word of a type's name), <c>language:en</c>, <c>from:2023-09-01</c>, <c>to:2023-09-30</c> (days, inclusive).
/// A field this language does not know ("http:") stays part of the words. Values never reach SQL as text.
/// </summary>
public sealed partial record SearchQuery(
    string? Text,
    string? Entity,
    EntityType? Type,
    string? Source,
    string? EventCode,
    string? Language,
    DateOnly? From,
    DateOnly? To)
{
    /// <summary>The query, or the reasons it cannot be run.</summary>
    public static (SearchQuery? Query, IReadOnlyList<string> Errors) Parse(string input)
    {
        var errors = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = Fielded().Replace(input, match =>
        {
            var field = match.Groups["field"].Value.ToLowerInvariant();
            if (!values.TryAdd(field, match.Groups["value"].Value))
            {
                errors.Add($"'{field}:' may appear once.");
            }
            return " ";
        });

        EntityType? type = null;
        if (values.TryGetValue("type", out var typeName))
        {
            type = Enum.TryParse<EntityType>(typeName, ignoreCase: true, out var parsed) && !int.TryParse(typeName, out _) ? parsed : null;
            if (type is null)
            {
                errors.Add($"type:{typeName} is not one of {string.Join(", ", Enum.GetNames<EntityType>().Select(n => n.ToLowerInvariant()))}.");
            }
        }
        string? eventCode = null;
        if (values.TryGetValue("event", out var eventName))
        {
            eventCode = ResolveEventCode(eventName);
            if (eventCode is null)
            {
                errors.Add($"event:{eventName} is neither a CAMEO code nor a word of an event type's name (see /api/v1/event-types).");
            }
        }
        var from = Day("from", values, errors);
        var to = Day("to", values, errors);
        if (from > to)
        {
            errors.Add("from: is after to:.");
        }

        var words = Whitespace().Replace(text, " ").Trim();
        return errors.Count > 0
            ? (null, errors)
            : (new SearchQuery(words.Length > 0 ? words : null, Blank(values, "entity"), type, Blank(values, "source"), eventCode,
                Blank(values, "language")?.ToLowerInvariant(), from, to), errors);
    }

    /// <summary>A CAMEO code as given, or the root of the first type whose name has the word ("consult" → "04").</summary>
    private static string? ResolveEventCode(string value) =>
        value.All(char.IsAsciiDigit) ? (EventTaxonomy.Find(value)?.Code)
        : EventTaxonomy.All.FirstOrDefault(t => t.Name.Split(' ').Any(word => word.StartsWith(value, StringComparison.OrdinalIgnoreCase)))
            is { } type ? EventTaxonomy.RootOf(type).Code : null;

    private static DateOnly? Day(string field, Dictionary<string, string> values, List<string> errors)
    {
        if (!values.TryGetValue(field, out var value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add($"{field}:{value} is not a day like 2023-09-30.");
        return null;
    }

    private static string? Blank(Dictionary<string, string> values, string field) =>
        values.TryGetValue(field, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    [GeneratedRegex("""(?<![\w-])(?<field>entity|type|source|event|language|from|to):(?:"(?<value>[^"]*)"|(?<value>[^\s"]+))""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Fielded();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
