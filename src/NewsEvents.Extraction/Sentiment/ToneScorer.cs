using System.Collections.Frozen;
using System.Globalization;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Text;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Sentiment;

/// <summary>Word counts behind a tone: how many words, and how many of them carry positive or negative valence.</summary>
public readonly record struct ToneCounts(int Words, int Positive, int Negative)
{
    /// <summary>GDELT's tone: the share of positive words minus the share of negative words, × 100 (-100 … 100).</summary>
    public double Tone => Words == 0 ? 0 : Math.Round(100.0 * (Positive - Negative) / Words, 2);

    public static ToneCounts operator +(ToneCounts a, ToneCounts b) =>
        new(a.Words + b.Words, a.Positive + b.Positive, a.Negative + b.Negative);
}

/// <summary>
/// GDELT-style tone from the AFINN-165 word list (Finn Årup Nielsen; Data/Sentiment/afinn-165.tsv, see Data/README.md):
/// every word of the text counts, a word AFINN rates above zero is positive and below zero negative, and a negator
/// ("not", "n't", "no", "never", "without") up to three words before a rated word turns it round ("not good" is
/// negative). AFINN's own multi-word entries ("does not work", "no fun") are matched first and keep their rating. Words
/// inside names ("Liberty", "Hope") are counted as words but carry no valence. Thread-safe.
/// </summary>
public sealed class ToneScorer
{
    private const int NegationReach = 3;

    private static readonly Lazy<ToneScorer> LazyDefault = new(
        () => new ToneScorer(EmbeddedLines.Read("Sentiment/afinn-165.tsv").Skip(1)), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly FrozenSet<string> Negators =
        new[] { "not", "n't", "no", "never", "without", "nor", "neither", "cannot" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, sbyte> _words;
    private readonly FrozenDictionary<string, sbyte>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _negatorLookup = Negators.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Multi-word entries by their first word: the remaining words and the rating.</summary>
    private readonly FrozenDictionary<string, (string[] Tail, sbyte Valence)[]> _phrases;
    private readonly FrozenDictionary<string, (string[] Tail, sbyte Valence)[]>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;

    /// <param name="rows">Lines of "word or phrase TAB valence".</param>
    public ToneScorer(IEnumerable<string> rows)
    {
        var words = new Dictionary<string, sbyte>(StringComparer.OrdinalIgnoreCase);
        var phrases = new Dictionary<string, List<(string[], sbyte)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var tab = row.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !sbyte.TryParse(row.AsSpan(tab + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var valence))
            {
                continue;
            }
            var entry = row[..tab];
            // The tokenizer's view of the entry: "can't stand" is "ca", "n't", "stand".
            var tokens = Tokenizer.Tokenize(entry).Select(token => token.GetText(entry)).ToArray();
            if (tokens.Length == 1)
            {
                words[tokens[0]] = valence;
            }
            else if (tokens.Length > 1)
            {
                if (!phrases.TryGetValue(tokens[0], out var list))
                {
                    phrases[tokens[0]] = list = [];
                }
                list.Add((tokens[1..], valence));
            }
        }
        _words = words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _phrases = phrases.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.OrderByDescending(p => p.Item1.Length).ToArray(),
            StringComparer.OrdinalIgnoreCase);
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static ToneScorer Default => LazyDefault.Value;

    public int EntryCount => _words.Count + _phrases.Values.Sum(list => list.Length);

    /// <summary>The tone of a piece of text on its own (tokenised here): -100 … 100.</summary>
    public double Tone(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        var tokens = Tokenizer.Tokenize(text);
        return Count(text, tokens, 0, tokens.Count, []).Tone;
    }

    /// <summary>Counts <c>tokens[from..to]</c>; tokens inside <paramref name="names"/> (sorted by start) carry no valence.</summary>
    public ToneCounts Count(string text, IReadOnlyList<Token> tokens, int from, int to, IReadOnlyList<EntitySpan> names)
    {
        int words = 0, positive = 0, negative = 0;
        var lastNegator = int.MinValue;
        var nameIndex = FirstNameEndingAfter(names, from < tokens.Count ? tokens[from].Start : 0);
        for (var i = from; i < to; i++)
        {
            var token = tokens[i];
            if (token.Kind != TokenKind.Word)
            {
                if (token.Kind == TokenKind.Punctuation)
                {
                    lastNegator = int.MinValue; // negation does not reach over punctuation
                }
                continue;
            }
            words++;
            while (nameIndex < names.Count && names[nameIndex].End <= token.Start)
            {
                nameIndex++;
            }
            if (nameIndex < names.Count && names[nameIndex].Start <= token.Start)
            {
                continue;
            }
            var word = token.AsSpan(text);
            if (word.Length > 30)
            {
                continue;
            }
            if (_phraseLookup.TryGetValue(word, out var phrases) && MatchPhrase(text, tokens, i, to, phrases) is var (length, phraseValence) && length > 0)
            {
                Tally(phraseValence, ref positive, ref negative);
                words += length - 1;
                i += length - 1;
                lastNegator = int.MinValue;
                continue;
            }
            if (_negatorLookup.Contains(word))
            {
                lastNegator = words;
            }
            if (_wordLookup.TryGetValue(word, out var valence) && valence != 0)
            {
                var negated = words - lastNegator is > 0 and <= NegationReach;
                Tally(negated ? (sbyte)-valence : valence, ref positive, ref negative);
            }
        }
        return new ToneCounts(words, positive, negative);
    }

    private static (int Length, sbyte Valence) MatchPhrase(string text, IReadOnlyList<Token> tokens, int i, int to, (string[] Tail, sbyte Valence)[] phrases)
    {
        foreach (var (rest, valence) in phrases)
        {
            if (i + rest.Length >= to)
            {
                continue;
            }
            var matched = true;
            for (var k = 0; k < rest.Length && matched; k++)
            {
                matched = tokens[i + 1 + k].AsSpan(text).Equals(rest[k], StringComparison.OrdinalIgnoreCase);
            }
            if (matched)
            {
                return (rest.Length + 1, valence);
            }
        }
        return (0, 0);
    }

    private static void Tally(sbyte valence, ref int positive, ref int negative)
    {
        if (valence > 0)
        {
            positive++;
        }
        else if (valence < 0)
        {
            negative++;
        }
    }

    private static int FirstNameEndingAfter(IReadOnlyList<EntitySpan> names, int position)
    {
        int lo = 0, hi = names.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (names[mid].End <= position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}

/// <summary>The tone of a whole article: its title and body counted together.</summary>
public static class ArticleTone
{
    public static double Of(AnalyzedArticle article, ToneScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(scorer);
        var counts = new ToneCounts(0, 0, 0);
        foreach (var field in article.Fields)
        {
            counts += scorer.Count(field.Text, field.Tokens, 0, field.Tokens.Count, field.Names);
        }
        return counts.Tone;
    }
}
