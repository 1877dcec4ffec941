using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// The lower-case words and punctuation marks that the annotated corpora let into names ("of", "for", "de", "bin",
/// "&amp;", "-"), learned from the training data and stored in the model. Any other lower-case word or mark
/// ("v" in "Walsall v Wrexham", "c" and "b" in a cricket scorecard, ":") can be neither the start nor the inside of a
/// name, which keeps neighbouring names from running together.
/// </summary>
internal sealed class NameWords(HashSet<string> begin, HashSet<string> inside)
{
    public const int MinCount = 2;

    public static NameWords Empty { get; } = new([], []);

    public IReadOnlySet<string> Begin => begin;

    public IReadOnlySet<string> Inside => inside;

    /// <summary>A word of lower-case letters only, or a token without letters or digits.</summary>
    public static bool IsClosedClass(Token token, string form)
    {
        if (token.Kind is TokenKind.Number or TokenKind.Url)
        {
            return false;
        }
        foreach (var c in form)
        {
            if (char.IsUpper(c) || char.IsDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The tags a token may take: all of them, unless it is a closed-class word the corpora never put in a name.</summary>
    public ushort AllowedTags(Token token, string form)
    {
        const ushort all = (1 << BioTags.Count) - 1;
        if (!IsClosedClass(token, form))
        {
            return all;
        }
        ushort allowed = 1 << BioTags.Outside;
        if (begin.Contains(form))
        {
            allowed |= 1 << 1 | 1 << 3 | 1 << 5 | 1 << 7;
        }
        if (inside.Contains(form))
        {
            allowed |= 1 << 2 | 1 << 4 | 1 << 6 | 1 << 8;
        }
        return allowed;
    }

    /// <summary>Closed-class forms seen at least <see cref="MinCount"/> times at the start, or inside, of a gold name.</summary>
    public static NameWords Learn(IEnumerable<(List<Token> Tokens, string[] Forms, int[] Tags)> documents)
    {
        var beginCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var insideCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (tokens, forms, tags) in documents)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                if (tags[i] == BioTags.Outside || !IsClosedClass(tokens[i], forms[i]))
                {
                    continue;
                }
                var counts = BioTags.IsBegin(tags[i]) ? beginCounts : insideCounts;
                counts[forms[i]] = counts.GetValueOrDefault(forms[i]) + 1;
            }
        }
        return new NameWords(
            [.. beginCounts.Where(c => c.Value >= MinCount).Select(c => c.Key)],
            [.. insideCounts.Where(c => c.Value >= MinCount).Select(c => c.Key)]);
    }
}
