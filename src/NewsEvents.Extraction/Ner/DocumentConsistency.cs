using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// A second pass over a tagged document ("one sense per document"): a name keeps one type throughout the document
/// (the type most of its mentions got, mentions in running text counting double over headlines), and a capitalised
/// word left untagged that the document has already used as a name — a whole mention, or the surname of a person
/// ("Sullivan" after "Jake Sullivan") — is tagged like it.
/// </summary>
internal static class DocumentConsistency
{
    /// <summary>The vote of a mention whose type a rule fixed, against 2 for a mention in running text.</summary>
    public const float StrongVote = 4f;

    /// <param name="strong">Mentions whose type a rule fixed (they vote as <see cref="StrongVote"/> mentions).</param>
    public static void Apply(DocumentView doc, int[] tags, bool[]? strong = null)
    {
        var votes = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var spans = new List<(int Start, int End, EntityType Type, string Key)>();
        foreach (var sentence in doc.Sentences)
        {
            foreach (var (start, end, type) in BioTags.Spans(tags.AsSpan(sentence.TokenStart, sentence.TokenCount)))
            {
                var from = sentence.TokenStart + start;
                var to = sentence.TokenStart + end;
                var key = Key(doc, from, to);
                var weight = strong is not null && strong[from] ? StrongVote
                    : (doc.Flags[from] >> 1 & 3) == (int)SentenceCase.Normal ? 2f : 1f;
                Vote(votes, key, type, weight);
                spans.Add((from, to, type, key));
                if (type == EntityType.Person && to - from >= 2 && IsNameWord(doc, to - 1))
                {
                    // The surname alone refers to the same person; it votes with less weight than a full mention.
                    Vote(votes, doc.Lowers[to - 1], type, weight * 0.5f);
                }
            }
        }
        if (votes.Count == 0)
        {
            return;
        }

        // 1. One type per name.
        foreach (var (start, end, type, key) in spans)
        {
            var best = Best(votes[key]);
            if (best != type)
            {
                Retag(tags, start, end, best);
            }
        }

        // 2. Untagged repeats of a name: the longest run of untagged name words matching a known name.
        foreach (var sentence in doc.Sentences)
        {
            for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
            {
                if (tags[i] != BioTags.Outside || !IsNameWord(doc, i))
                {
                    continue;
                }
                var end = i;
                while (end < sentence.TokenEnd && end - i < Gazetteer.MaxPhraseTokens && tags[end] == BioTags.Outside && IsNameWord(doc, end))
                {
                    end++;
                }
                for (var to = end; to > i; to--)
                {
                    if (votes.TryGetValue(Key(doc, i, to), out var counts))
                    {
                        Retag(tags, i, to, Best(counts));
                        i = to - 1;
                        break;
                    }
                }
            }
        }
    }

    /// <summary>A capitalised word that is not usually a common word (the casing lexicon knows it in lower case).</summary>
    internal static bool IsNameWord(DocumentView doc, int i)
    {
        var form = doc.Forms[i];
        if (doc.Tokens[i].Kind != TokenKind.Word || form.Length < 2 || !char.IsUpper(form[0]))
        {
            return false;
        }
        var lexiconCase = doc.Flags[i] >> 7 & 3;
        return lexiconCase != 1;
    }

    private static string Key(DocumentView doc, int start, int end) =>
        end - start == 1 ? doc.Lowers[start] : string.Join(' ', doc.Lowers, start, end - start);

    private static void Vote(Dictionary<string, float[]> votes, string key, EntityType type, float weight)
    {
        if (!votes.TryGetValue(key, out var counts))
        {
            votes[key] = counts = new float[4];
        }
        counts[(int)type] += weight;
    }

    private static EntityType Best(float[] counts)
    {
        var best = 0;
        for (var t = 1; t < counts.Length; t++)
        {
            if (counts[t] > counts[best])
            {
                best = t;
            }
        }
        return (EntityType)best;
    }

    private static void Retag(int[] tags, int start, int end, EntityType type)
    {
        tags[start] = BioTags.Begin(type);
        for (var i = start + 1; i < end; i++)
        {
            tags[i] = BioTags.Inside(type);
        }
        // A following I- tag of the old type would now continue the wrong entity: it starts its own.
        if (end < tags.Length && BioTags.IsInside(tags[end]) && BioTags.TypeOf(tags[end]) != type)
        {
            tags[end] = BioTags.Begin(BioTags.TypeOf(tags[end]));
        }
    }
}
