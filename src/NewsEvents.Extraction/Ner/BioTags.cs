namespace NewsEvents.Extraction.Ner;

/// <summary>
/// The tagger's nine labels: O and B-/I- for each <see cref="EntityType"/> (IOB2). Tag ids are stable: they index the
/// weight vectors of the model file.
/// </summary>
public static class BioTags
{
    public const int Count = 9;
    public const int Outside = 0;

    private static readonly string[] Names = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];

    public static string Name(int tag) => Names[tag];

    public static int Begin(EntityType type) => 1 + 2 * (int)type;

    public static int Inside(EntityType type) => 2 + 2 * (int)type;

    public static bool IsBegin(int tag) => tag != Outside && tag % 2 == 1;

    public static bool IsInside(int tag) => tag != Outside && tag % 2 == 0;

    /// <summary>The entity type of a B- or I- tag; undefined for O.</summary>
    public static EntityType TypeOf(int tag) => (EntityType)((tag - 1) / 2);

    /// <summary>False for I-X after anything but B-X or I-X (and at the start of a sentence).</summary>
    public static bool IsValidTransition(int previous, int tag) =>
        !IsInside(tag) || previous != Outside && previous >= 0 && TypeOf(previous) == TypeOf(tag);

    /// <summary>"PER", "ORG", "LOC", "MISC" as CoNLL writes them.</summary>
    public static string ConllName(EntityType type) => type switch
    {
        EntityType.Person => "PER",
        EntityType.Organization => "ORG",
        EntityType.Location => "LOC",
        _ => "MISC",
    };

    /// <summary>Parses a CoNLL type name; unknown types (e.g. UNER's OTH) give null, i.e. O.</summary>
    public static EntityType? ParseType(ReadOnlySpan<char> name) => name switch
    {
        "PER" => EntityType.Person,
        "ORG" => EntityType.Organization,
        "LOC" => EntityType.Location,
        "MISC" => EntityType.Misc,
        _ => null,
    };

    /// <summary>
    /// Converts a sequence of CoNLL tags (IOB1 or IOB2, e.g. "I-PER", "B-LOC", "O") into IOB2 tag ids: an I- tag that does
    /// not continue an entity of its type starts one.
    /// </summary>
    public static int[] FromConll(IReadOnlyList<string> tags)
    {
        var result = new int[tags.Count];
        var previous = Outside;
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            var type = tag.Length > 2 && tag[1] == '-' ? ParseType(tag.AsSpan(2)) : null;
            if (type is not { } t)
            {
                result[i] = previous = Outside;
                continue;
            }
            var continues = tag[0] == 'I' && previous != Outside && TypeOf(previous) == t;
            result[i] = previous = continues ? Inside(t) : Begin(t);
        }
        return result;
    }

    /// <summary>The entity spans of an IOB2 sequence as (first token, end token exclusive, type).</summary>
    public static List<(int Start, int End, EntityType Type)> Spans(ReadOnlySpan<int> tags)
    {
        var spans = new List<(int, int, EntityType)>();
        var i = 0;
        while (i < tags.Length)
        {
            if (tags[i] == Outside)
            {
                i++;
                continue;
            }
            var type = TypeOf(tags[i]);
            var start = i++;
            while (i < tags.Length && tags[i] == Inside(type))
            {
                i++;
            }
            spans.Add((start, i, type));
        }
        return spans;
    }
}
