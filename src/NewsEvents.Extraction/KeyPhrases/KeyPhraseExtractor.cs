using System.Collections.Frozen;
using NewsEvents.Extraction.Events;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Text;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.KeyPhrases;

/// <summary>
/// An article's key phrases by RAKE (Rose, Engel, Cramer and Cowley 2010, "Automatic keyword extraction from individual
/// documents"): candidates are the runs of content words between stop words (stopwords-iso's English list,
/// Data/KeyPhrases/stopwords-en.txt) and punctuation; a word scores its degree over its frequency (how much it keeps
/// company in candidates relative to how often it occurs); a candidate scores the sum of its words, and a candidate
/// met more than once is worth more. Two changes for news: a linked entity mention is one unit that is never a stop
/// word ("US", "United States" and "Kim" stay names and count as their entity), and candidates are at most four units
/// long. Deterministic: ties go to the phrase that appears first.
/// </summary>
public sealed class KeyPhraseExtractor
{
    public const int MaxPhrases = 10;
    public const int MaxUnits = 4;

    private static readonly Lazy<KeyPhraseExtractor> LazyDefault = new(
        () => new KeyPhraseExtractor(EmbeddedLines.Read("KeyPhrases/stopwords-en.txt")), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopWords;

    public KeyPhraseExtractor(IEnumerable<string> stopWords)
    {
        _stopWords = stopWords.Select(word => word.Trim().ToLowerInvariant()).Where(word => word.Length > 0)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static KeyPhraseExtractor Default => LazyDefault.Value;

    /// <summary>Up to <see cref="MaxPhrases"/> phrases, best first (fewer only when the text has fewer candidates).</summary>
    public List<string> Extract(AnalyzedArticle article, IReadOnlyList<ExtractedEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(entities);
        var units = new Dictionary<string, UnitStats>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, PhraseStats>(StringComparer.Ordinal);
        var current = new List<(string Key, string Display)>(MaxUnits);
        foreach (var field in article.Fields)
        {
            var mentionAt = MentionsByToken(field, entities);
            var weight = field.Field == TextField.Title ? 2 : 1;
            var upperCaseField = IsUpperCase(field.Text);
            foreach (var sentence in field.Sentences)
            {
                current.Clear();
                for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
                {
                    if (mentionAt.TryGetValue(i, out var mention))
                    {
                        var entity = entities[mention.Entity];
                        current.Add((entity.Key, entity.Name));
                        i = mention.End - 1;
                    }
                    else if (ContentWord(field.Text, field.Tokens[i]) is { } word)
                    {
                        current.Add((word, Display(field.Text, field.Tokens[i], i == sentence.TokenStart, upperCaseField, word)));
                    }
                    else
                    {
                        Flush(current, units, phrases, weight);
                        continue;
                    }
                    if (current.Count == MaxUnits + 1)
                    {
                        // Too long to be a phrase: a list of names or a headline in capitals. Keep its parts as words.
                        current.RemoveAt(0);
                    }
                }
                Flush(current, units, phrases, weight);
            }
        }

        // A unit's score is shared among the candidates it occurs in, by how often it occurs in each: "Russia" alone
        // takes most of Russia's weight, "visit Russia" (once) little of it.
        var ranked = phrases.Values
            .Select(phrase => (phrase, score: phrase.Keys.Sum(key => units[key].Score * phrase.Count / units[key].Frequency)))
            .OrderByDescending(pair => pair.score)
            .ThenBy(pair => pair.phrase.FirstSeen);
        var chosen = new List<PhraseStats>();
        foreach (var (phrase, _) in ranked)
        {
            if (chosen.Count == MaxPhrases)
            {
                break;
            }
            // No phrase inside a chosen one, and none around it: "weapons" makes "procure weapons" redundant.
            if (!chosen.Any(other => Contains(other.Keys, phrase.Keys) || Contains(phrase.Keys, other.Keys)))
            {
                chosen.Add(phrase);
            }
        }
        return chosen.Select(phrase => phrase.Display).ToList();
    }

    private static bool Contains(string[] outer, string[] inner)
    {
        for (var start = 0; start + inner.Length <= outer.Length; start++)
        {
            if (outer.AsSpan(start, inner.Length).SequenceEqual(inner))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A word that can be part of a key phrase: not a stop word, a number, an adverb in -ly, or a verb the event
    /// lexicons know ("said", "providing", "attacked"): without a part-of-speech tagger, those keep verbs out of phrases.
    /// </summary>
    private string? ContentWord(string text, Token token)
    {
        if (token.Kind != TokenKind.Word || token.Length < 2 || token.Length > 40)
        {
            return null;
        }
        var span = token.AsSpan(text);
        if (_stopWords.Contains(span) || !char.IsLetter(span[0]) || span.Contains('\'') || span.Contains('’')
            || span.Length > 4 && span.EndsWith("ly", StringComparison.OrdinalIgnoreCase)
            || (WordClasses.Of(span) & VerbClasses) != 0 || IsCueVerb(span))
        {
            return null;
        }
        return span.ToString().ToLowerInvariant();
    }

    private const WordClass VerbClasses = WordClass.ReportVerb | WordClass.AllegeVerb | WordClass.DenyVerb | WordClass.Be
        | WordClass.Have | WordClass.Do | WordClass.Modal | WordClass.PlanGovernor | WordClass.NegativeGovernor | WordClass.FactualGovernor;

    /// <summary>A form of a verb cue other than its base (which is often a noun too: "attack", "supply").</summary>
    private static bool IsCueVerb(ReadOnlySpan<char> word)
    {
        foreach (var (rule, form) in EventCueLexicon.Default.Candidates(word))
        {
            if (rule.Kind == CueKind.Verb && form is VerbForm.Past or VerbForm.Gerund)
            {
                return true;
            }
        }
        return false;
    }

    private static void Flush(List<(string Key, string Display)> current, Dictionary<string, UnitStats> units,
        Dictionary<string, PhraseStats> phrases, int weight)
    {
        // A participle at either end of a candidate is a verb's ("depleting ammunition stocks", "Sullivan stated").
        while (current.Count > 0 && IsParticiple(current[0].Key))
        {
            current.RemoveAt(0);
        }
        while (current.Count > 0 && IsParticiple(current[^1].Key))
        {
            current.RemoveAt(current.Count - 1);
        }
        if (current.Count == 0)
        {
            return;
        }
        var key = string.Join(' ', current.Select(unit => unit.Key));
        if (!phrases.TryGetValue(key, out var phrase))
        {
            phrases[key] = phrase = new PhraseStats(current.Select(unit => unit.Key).ToArray(),
                string.Join(' ', current.Select(unit => unit.Display)), phrases.Count);
        }
        phrase.Count += weight;
        foreach (var (unitKey, _) in current)
        {
            if (!units.TryGetValue(unitKey, out var stats))
            {
                units[unitKey] = stats = new UnitStats();
            }
            stats.Frequency += weight;
            stats.Degree += weight * current.Count;
        }
        current.Clear();
    }

    /// <summary>
    /// A word as written, except that a capital that is only there because the sentence starts goes ("Attacking" →
    /// "attacking"), and so do the capitals of a title written in capitals. Abbreviations ("N.") and acronyms stay.
    /// </summary>
    private static string Display(string text, Token token, bool sentenceStart, bool upperCaseField, string lower)
    {
        var span = token.AsSpan(text);
        if (upperCaseField)
        {
            return lower;
        }
        if (!sentenceStart || span.Contains('.') || span.Length > 1 && char.IsUpper(span[1]))
        {
            return span.ToString();
        }
        return lower;
    }

    private static bool IsUpperCase(string text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLower(c))
            {
                return false;
            }
            letters += char.IsLetter(c) ? 1 : 0;
        }
        return letters > 0;
    }

    private static bool IsParticiple(string key) =>
        key.Length > 5 && !key.Contains(':', StringComparison.Ordinal) && (key.EndsWith("ing", StringComparison.Ordinal) || key.EndsWith("ed", StringComparison.Ordinal));

    /// <summary>Token index → the entity whose mention starts there, and the mention's end token.</summary>
    private static Dictionary<int, (int Entity, int End)> MentionsByToken(AnalyzedField field, IReadOnlyList<ExtractedEntity> entities)
    {
        var byToken = new Dictionary<int, (int, int)>();
        var tokens = field.Tokens;
        for (var e = 0; e < entities.Count; e++)
        {
            foreach (var mention in entities[e].Mentions)
            {
                if (mention.Span.Field != field.Field)
                {
                    continue;
                }
                int lo = 0, hi = tokens.Count;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    if (tokens[mid].End <= mention.Span.Start)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid;
                    }
                }
                var end = lo;
                while (end < tokens.Count && tokens[end].Start < mention.Span.End)
                {
                    end++;
                }
                if (end > lo)
                {
                    byToken[lo] = (e, end);
                }
            }
        }
        return byToken;
    }

    private sealed class UnitStats
    {
        public int Frequency { get; set; }

        public int Degree { get; set; }

        /// <summary>
        /// RAKE's degree over frequency, times the frequency, under a square root: √(degree × frequency). Pure RAKE
        /// (degree / frequency) ranks a name that stands alone low however often it comes; this keeps RAKE's taste
        /// for words that keep company and lets the article's main subjects ("Russia", "weapons") rank.
        /// </summary>
        public double Score => Math.Sqrt((double)Degree * Frequency);
    }

    private sealed class PhraseStats(string[] keys, string display, int firstSeen)
    {
        public string[] Keys { get; } = keys;

        public string Display { get; } = display;

        public int FirstSeen { get; } = firstSeen;

        public int Count { get; set; }
    }
}
