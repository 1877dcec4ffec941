namespace NewsEvents.Extraction.Ner;

/// <summary>
/// The common forms — the casing lexicon's words in lower case, in their usual form and capitalised, and the
/// one-character ASCII marks — with everything the tagger computes from a form alone, computed once: the string
/// itself (so that a token of a known form allocates nothing), its lower-case form, hashes and shapes, how it is
/// cased, its usual form in the casing lexicon, and the gazetteer entry its lower-case form starts. Most tokens of
/// news text are one of these forms; <see cref="EmissionScorer"/> keeps its per-form weight sums under the same ids.
/// Read-only after construction, so thread-safe.
/// </summary>
internal sealed class Vocabulary
{
    /// <summary><see cref="Entry.WordBits"/>: the word has two letters or more; all its letters are upper case; its first character is upper case.</summary>
    public const byte TwoLetters = 1, AllUpper = 2, FirstUpper = 4;

    private readonly Slot[] _slots;
    private readonly int _slotMask;
    private readonly Entry[] _entries;

    public Vocabulary(Gazetteer gazetteer, CasingLexicon casing)
    {
        var forms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (lower, usual) in casing.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var form in new[] { lower, usual, string.Concat(char.ToUpperInvariant(lower[0]).ToString(), lower.AsSpan(1)) })
            {
                if (seen.Add(form))
                {
                    forms.Add(form);
                }
            }
        }
        for (var c = '!'; c <= '~'; c++)
        {
            if (seen.Add(c.ToString()))
            {
                forms.Add(c.ToString());
            }
        }

        var capacity = 16;
        while (capacity < forms.Count * 2)
        {
            capacity <<= 1;
        }
        _slots = new Slot[capacity];
        _slotMask = capacity - 1;
        _entries = new Entry[forms.Count];
        for (var id = 0; id < forms.Count; id++)
        {
            var form = forms[id];
            var hash = FeatureHash.Of(form);
            var slot = (int)(hash & (ulong)_slotMask);
            while (_slots[slot].Id != 0)
            {
                slot = (slot + 1) & _slotMask;
            }
            _slots[slot] = new Slot(hash, form.Length, id + 1);
            var lower = form.ToLowerInvariant();
            var lowerHash = FeatureHash.Of(lower);
            var (shape, shortShape) = FeatureExtractor.Shapes(form);
            var known = casing.TryGetForm(lower, out var usual);
            _entries[id] = new Entry(form, lower, known ? usual : null, hash, lowerHash, shape, shortShape,
                gazetteer.LookupWithPrefix(Gazetteer.Extend(0, lowerHash)), FeatureExtractor.CaseOf(form), BitsOf(form),
                known ? (byte)(1 + (int)FeatureExtractor.CaseOf(usual)) : (byte)0);
        }
    }

    public int Count => _entries.Length;

    /// <summary>The entry of a form id.</summary>
    public ref readonly Entry this[int id] => ref _entries[id];

    /// <summary>
    /// The id of the form <paramref name="text"/> whose <see cref="FeatureHash.Of"/> is <paramref name="hash"/>, or -1. Forms
    /// are told apart by their 64-bit hash and length, as the model tells features apart by their hash: reading the
    /// string itself would cost another cache miss a token.
    /// </summary>
    public int Find(ulong hash, ReadOnlySpan<char> text)
    {
        var slot = (int)(hash & (ulong)_slotMask);
        while (true)
        {
            var entry = _slots[slot];
            if (entry.Id == 0)
            {
                return -1;
            }
            if (entry.Hash == hash && entry.Length == text.Length)
            {
                return entry.Id - 1;
            }
            slot = (slot + 1) & _slotMask;
        }
    }

    /// <summary>What sentence-case detection (<see cref="FeatureExtractor.DetectCase(string, List{NewsEvents.Extraction.Tokenization.Token}, NewsEvents.Extraction.Tokenization.Sentence)"/>) reads of a word: <see cref="TwoLetters"/>, <see cref="AllUpper"/>, <see cref="FirstUpper"/>.</summary>
    public static byte BitsOf(ReadOnlySpan<char> word)
    {
        var letters = 0;
        var allUpper = true;
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                letters++;
                allUpper &= char.IsUpper(c);
            }
        }
        var bits = letters >= 2 ? TwoLetters : (byte)0;
        if (allUpper)
        {
            bits |= AllUpper;
        }
        if (word.Length > 0 && char.IsUpper(word[0]))
        {
            bits |= FirstUpper;
        }
        return bits;
    }

    private readonly record struct Slot(ulong Hash, int Length, int Id);

    /// <summary>A form and what is computed from it alone, together (one or two cache lines a token).</summary>
    /// <param name="Usual">The casing lexicon's form of <paramref name="Lower"/>, or null when the lexicon does not know it.</param>
    /// <param name="GazetteerFirst">The gazetteer categories (with <see cref="GazetteerCategory.Prefix"/>) of the one-token phrase <paramref name="Lower"/>.</param>
    /// <param name="WordBits"><see cref="TwoLetters"/>, <see cref="AllUpper"/>, <see cref="FirstUpper"/>.</param>
    /// <param name="UsualCase">0 when the casing lexicon does not know <paramref name="Lower"/>, else 1 + the <see cref="FeatureExtractor.WordCase"/> of <paramref name="Usual"/>.</param>
    internal readonly record struct Entry(
        string Form,
        string Lower,
        string? Usual,
        ulong FormHash,
        ulong LowerHash,
        ulong Shape,
        ulong ShortShape,
        GazetteerCategory GazetteerFirst,
        FeatureExtractor.WordCase Case,
        byte WordBits,
        byte UsualCase);
}
