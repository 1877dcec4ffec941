using System.Collections.Frozen;

namespace NewsEvents.Extraction.Quotes;

/// <summary>
/// A case-insensitive table of short words, looked up by span without allocating: words are stored in lower case, and
/// a looked-up word is lower-cased into a stack buffer only when it has a capital. Words outside the table's range of
/// lengths are rejected before hashing, which is most of a text's tokens for a table of speech verbs.
/// </summary>
internal sealed class WordTable<T>
{
    private const int MaxWordLength = 32;

    private readonly FrozenDictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _minLength;
    private readonly int _maxLength;

    public WordTable(IEnumerable<KeyValuePair<string, T>> words)
    {
        var lower = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (word, value) in words)
        {
            if (word.Length is > 0 and <= MaxWordLength)
            {
                lower[word.ToLowerInvariant()] = value;
            }
        }
        _lookup = lower.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _minLength = lower.Count == 0 ? 1 : lower.Keys.Min(w => w.Length);
        _maxLength = lower.Count == 0 ? 0 : lower.Keys.Max(w => w.Length);
    }

    public bool TryGetValue(ReadOnlySpan<char> word, out T value)
    {
        value = default!;
        if (word.Length < _minLength || word.Length > _maxLength)
        {
            return false;
        }
        if (!word.ContainsAnyInRange('A', 'Z') && !ContainsNonAsciiUpper(word))
        {
            return _lookup.TryGetValue(word, out value!);
        }
        Span<char> buffer = stackalloc char[MaxWordLength];
        var length = word.ToLowerInvariant(buffer);
        return length > 0 && _lookup.TryGetValue(buffer[..length], out value!);
    }

    public bool Contains(ReadOnlySpan<char> word) => TryGetValue(word, out _);

    private static bool ContainsNonAsciiUpper(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c > '\x7f' && char.IsUpper(c))
            {
                return true;
            }
        }
        return false;
    }
}
