using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Linking;

/// <summary>
/// Within an article, a short form of a person's name is that person: "Sullivan" → Jake Sullivan, "Kim" → Kim
/// Jong-un, "Putin" → Vladimir Putin. A short form is the first or last words of a longer person name of the same
/// article; when several names fit ("Kim" with Kim Jong-un and Kim Yo-jong), the one mentioned last before it wins.
/// A one-word name the tagger typed as something else but that the gazetteer does not know as a place is a person
/// when it is such a short form.
/// </summary>
internal static class PersonLinker
{
    public static void Apply(List<Mention> mentions)
    {
        // Full names (two words or more) with the document positions of their mentions, in order.
        var fullNames = new Dictionary<string, (string[] Words, List<int> Orders)>(StringComparer.Ordinal);
        foreach (var mention in mentions.OrderBy(m => m.Order))
        {
            if (mention.Resolved is { Type: EntityType.Person } resolved && Words(resolved.Key) is { Length: >= 2 } words)
            {
                if (!fullNames.TryGetValue(resolved.Key, out var entry))
                {
                    fullNames[resolved.Key] = entry = (words, []);
                }
                entry.Orders.Add(mention.Order);
            }
        }
        if (fullNames.Count == 0)
        {
            return;
        }
        foreach (var mention in mentions)
        {
            if (mention.Resolved is not { } resolved || !IsShortFormCandidate(mention, resolved))
            {
                continue;
            }
            var words = Words(EntityKeys.NormalizeName(mention.Text));
            (string Key, int Distance)? best = null;
            foreach (var (key, (fullWords, orders)) in fullNames)
            {
                if (key == resolved.Key || words.Length >= fullWords.Length || !IsPrefix(words, fullWords) && !IsSuffix(words, fullWords))
                {
                    continue;
                }
                // The nearest mention before this one; failing that, the nearest after it.
                var index = orders.BinarySearch(mention.Order);
                var before = index >= 0 ? index : ~index - 1;
                var distance = before >= 0 ? mention.Order - orders[before] : int.MaxValue / 2 + (orders[0] - mention.Order);
                if (best is null || distance < best.Value.Distance)
                {
                    best = (key, distance);
                }
            }
            if (best is { } found)
            {
                mention.Resolved = new Resolution(found.Key, mention.Text, EntityType.Person, Canonical: false);
            }
        }
    }

    /// <summary>A person's short name, or a lone word the tagger typed otherwise and the data cannot place.</summary>
    private static bool IsShortFormCandidate(Mention mention, Resolution resolved) =>
        resolved.Type == EntityType.Person
        || !resolved.Canonical && mention.Last - mention.First == 1 && resolved.Type is EntityType.Location or EntityType.Organization or EntityType.Other
            && resolved.PartOfKey is null;

    private static string[] Words(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return key[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsPrefix(string[] words, string[] full) => words.AsSpan().SequenceEqual(full.AsSpan(0, words.Length));

    private static bool IsSuffix(string[] words, string[] full) => words.AsSpan().SequenceEqual(full.AsSpan(full.Length - words.Length));
}
