using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Extraction.Events;

public enum CueKind
{
    Verb,
    Noun,
}

/// <summary>How a cue's roles are read when they differ from "subject acts on object".</summary>
[Flags]
public enum CueFlags
{
    None = 0,

    /// <summary>The subject receives what the "from X" party gives: "procure weapons from X".</summary>
    Converse = 1,

    /// <summary>The sentence's speaker acts on the subject: "they will pay the price", Sullivan said.</summary>
    Speaker = 2,

    /// <summary>No event without a target entity.</summary>
    NeedsTarget = 4,

    /// <summary>"X and Y met": X acts, Y is the target.</summary>
    Mutual = 8,
}

/// <summary>One row of Data/Events/event-cues.tsv.</summary>
/// <param name="Pattern">Per position, the words that match it (lower case); an empty set is a gap of up to two words.</param>
/// <param name="ObjectClass">Words of which one must follow the cue in its clause; null when any object will do.</param>
/// <param name="ExcludedBefore">Words that must not come right before the cue or just after it ("trade war", "attack the budget").</param>
public sealed record CueRule(
    int Order,
    EventType Type,
    CueKind Kind,
    string Text,
    IReadOnlyList<FrozenSet<string>> Pattern,
    string? ObjectClassName,
    FrozenSet<string>? ObjectClass,
    FrozenSet<string>? ExcludedBefore,
    CueFlags Flags)
{
    /// <summary>Words none of which may occur in the cue's sentence ("!!SPORT": a match report's "attack").</summary>
    public FrozenSet<string>? ExcludedInSentence { get; init; }
}

/// <summary>
/// The event cue lexicon (Data/Events/event-cues.tsv): English verbs, nouns and phrases mapped to CAMEO codes, with the
/// object classes that refine them. Indexed by every inflected form of each cue's first word.
/// </summary>
public sealed class EventCueLexicon
{
    public const int MaxGap = 2;

    private static readonly Lazy<EventCueLexicon> LazyDefault = new(
        () => Parse(EmbeddedLines.Read("Events/event-cues.tsv")), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, (CueRule Rule, VerbForm Form)[]> _byFirstWord;
    private readonly FrozenDictionary<string, (CueRule Rule, VerbForm Form)[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private EventCueLexicon(IReadOnlyList<CueRule> rules, IReadOnlyDictionary<string, FrozenSet<string>> classes,
        Dictionary<string, List<(CueRule, VerbForm)>> byFirstWord)
    {
        Rules = rules;
        Classes = classes;
        _byFirstWord = byFirstWord.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        _lookup = _byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static EventCueLexicon Default => LazyDefault.Value;

    public IReadOnlyList<CueRule> Rules { get; }

    public IReadOnlyDictionary<string, FrozenSet<string>> Classes { get; }

    /// <summary>The rules whose first word can be <paramref name="word"/>, in lexicon order, with the verb form it is.</summary>
    internal ReadOnlySpan<(CueRule Rule, VerbForm Form)> Candidates(ReadOnlySpan<char> word) =>
        word.Length <= 24 && _lookup.TryGetValue(word, out var rules) ? rules : [];

    /// <summary>Reads the lexicon format described at the top of event-cues.tsv.</summary>
    public static EventCueLexicon Parse(IEnumerable<string> lines)
    {
        var classes = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        var rules = new List<CueRule>();
        var byFirstWord = new Dictionary<string, List<(CueRule, VerbForm)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var columns = line.Split('\t');
            if (line[0] == '@')
            {
                classes[columns[0][1..]] = columns.Skip(1).Select(word => word.ToLowerInvariant()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
                continue;
            }
            if (columns.Length < 3)
            {
                throw new FormatException($"Event cue row needs code, kind and pattern: '{line}'.");
            }
            var type = EventTaxonomy.Find(columns[0]) ?? throw new FormatException($"Unknown CAMEO code {columns[0]} in '{line}'.");
            var kind = columns[1] switch
            {
                "verb" => CueKind.Verb,
                "noun" => CueKind.Noun,
                _ => throw new FormatException($"Kind must be verb or noun: '{line}'."),
            };
            var objectClassName = columns.Length > 3 && columns[3] is not ("" or "-") ? columns[3] : null;
            FrozenSet<string>? objectClass = null;
            if (objectClassName is not null && !classes.TryGetValue(objectClassName, out objectClass))
            {
                throw new FormatException($"Unknown object class {objectClassName} in '{line}'.");
            }
            var flags = CueFlags.None;
            FrozenSet<string>? excluded = null;
            FrozenSet<string>? sentenceExcluded = null;
            foreach (var flag in columns.Length > 4 ? columns[4].Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
            {
                if (flag.StartsWith("!!", StringComparison.Ordinal))
                {
                    sentenceExcluded = classes.TryGetValue(flag[2..], out var sentenceSet) ? sentenceSet : throw new FormatException($"Unknown class in '{line}'.");
                    continue;
                }
                if (flag.StartsWith('!'))
                {
                    var set = classes.TryGetValue(flag[1..], out var found) ? found : throw new FormatException($"Unknown class in '{line}'.");
                    excluded = excluded is null ? set : excluded.Union(set).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
                    continue;
                }
                flags |= flag switch
                {
                    "converse" => CueFlags.Converse,
                    "speaker" => CueFlags.Speaker,
                    "target" => CueFlags.NeedsTarget,
                    "mutual" => CueFlags.Mutual,
                    "-" => CueFlags.None,
                    _ => throw new FormatException($"Unknown flag {flag} in '{line}'."),
                };
            }

            var elements = columns[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var pattern = new List<FrozenSet<string>>();
            for (var e = 0; e < elements.Length; e++)
            {
                if (elements[e] == "*")
                {
                    pattern.Add(FrozenSet<string>.Empty);
                    continue;
                }
                var words = elements[e].Split('|').Select(word => word.ToLowerInvariant()).ToList();
                var forms = kind == CueKind.Noun
                    ? words.SelectMany(Inflection.NounForms)
                    : e == 0 ? words.SelectMany(word => Inflection.VerbForms(word).Select(form => form.Form)) : words;
                pattern.Add(forms.ToFrozenSet(StringComparer.OrdinalIgnoreCase));
            }
            var rule = new CueRule(rules.Count, type, kind, columns[2], pattern, objectClassName, objectClass, excluded, flags)
            {
                ExcludedInSentence = sentenceExcluded,
            };
            rules.Add(rule);

            var first = elements[0].Split('|').Select(word => word.ToLowerInvariant());
            var firstForms = kind == CueKind.Noun
                ? first.SelectMany(word => Inflection.NounForms(word).Select(form => (form, VerbForm.Base)))
                : first.SelectMany(Inflection.VerbForms);
            foreach (var (form, verbForm) in firstForms.Distinct())
            {
                if (!byFirstWord.TryGetValue(form, out var list))
                {
                    byFirstWord[form] = list = [];
                }
                if (!list.Any(entry => entry.Item1 == rule))
                {
                    list.Add((rule, verbForm));
                }
            }
        }
        return new EventCueLexicon(rules, classes, byFirstWord);
    }

    /// <summary>"decline|refuse to comment" as "(decline / refuse) to comment".</summary>
    private static string Readable(string pattern) => string.Join(' ', pattern.Split(' ').Select(element =>
        element.Contains('|', StringComparison.Ordinal) ? $"({element.Replace("|", " / ", StringComparison.Ordinal)})" : element));

    /// <summary>The lexicon as Markdown tables by CAMEO code, for docs/event-taxonomy.md.</summary>
    public string DescribeMarkdown()
    {
        var builder = new StringBuilder();
        foreach (var root in EventTaxonomy.Roots)
        {
            builder.Append(CultureInfo.InvariantCulture, $"### {root.Code} {root.Name}\n\n");
            var rows = Rules.Where(rule => rule.Type.Code.StartsWith(root.Code, StringComparison.Ordinal))
                .OrderBy(rule => rule.Type.Code, StringComparer.Ordinal).ThenBy(rule => rule.Order).ToList();
            if (rows.Count == 0)
            {
                builder.Append("No cues yet.\n\n");
                continue;
            }
            builder.Append("| code | name | kind | cue | object | roles |\n|---|---|---|---|---|---|\n");
            foreach (var rule in rows)
            {
                var roles = new List<string>();
                if (rule.Flags.HasFlag(CueFlags.Converse)) { roles.Add("converse"); }
                if (rule.Flags.HasFlag(CueFlags.Speaker)) { roles.Add("speaker acts"); }
                if (rule.Flags.HasFlag(CueFlags.NeedsTarget)) { roles.Add("needs target"); }
                if (rule.Flags.HasFlag(CueFlags.Mutual)) { roles.Add("mutual"); }
                if (rule.ExcludedBefore is not null) { roles.Add("not with an economic or policy word"); }
                if (rule.ExcludedInSentence is not null) { roles.Add("not in a sports sentence"); }
                builder.Append(CultureInfo.InvariantCulture,
                    $"| {rule.Type.Code} | {rule.Type.Name} | {rule.Kind.ToString().ToLowerInvariant()} | {Readable(rule.Text)} | {rule.ObjectClassName ?? ""} | {string.Join(", ", roles)} |\n");
            }
            builder.Append('\n');
        }
        builder.Append("### Object classes\n\n| class | words |\n|---|---|\n");
        foreach (var (name, words) in Classes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            builder.Append(CultureInfo.InvariantCulture, $"| {name} | {string.Join(", ", words.Order(StringComparer.Ordinal))} |\n");
        }
        return builder.ToString();
    }
}
