using System.Collections.Frozen;
using System.Text;
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
        var state = new State(entities.Count, article.Title.Tokens.Count + article.Body.Tokens.Count);
        Span<char> lower = stackalloc char[MaxWordLength];
        foreach (var field in article.Fields)
        {
            var tokens = field.Tokens;
            var (mentionEntity, mentionEnd) = MentionsByToken(field, entities);
            var weight = field.Field == TextField.Title ? 2 : 1;
            var upperCaseField = IsUpperCase(field.Text);
            foreach (var sentence in field.Sentences)
            {
                state.Count = 0;
                for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
                {
                    int unit;
                    if (mentionEntity[i] >= 0)
                    {
                        unit = state.EntityUnit(mentionEntity[i], entities);
                        i = mentionEnd[i] - 1;
                    }
                    else if (IsContentWord(field.Text, tokens[i], lower, out var length))
                    {
                        unit = state.WordUnit(lower[..length]);
                    }
                    else
                    {
                        state.Flush(weight, field.Text, tokens, sentence.TokenStart, upperCaseField);
                        continue;
                    }
                    if (state.Count == MaxUnits)
                    {
                        // Too long to be a phrase: a list of names or a headline in capitals. Keep its parts as words.
                        state.Shift();
                    }
                    state.Units[state.Count] = unit;
                    state.Tokens[state.Count] = i;
                    state.Count++;
                }
                state.Flush(weight, field.Text, tokens, sentence.TokenStart, upperCaseField);
            }
        }

        // A unit's score is shared among the candidates it occurs in, by how often it occurs in each: "Russia" alone
        // takes most of Russia's weight, "visit Russia" (once) little of it. Only the best few need ordering.
        var best = Best(state, ShortlistSize);
        var chosen = Choose(best);
        if (chosen.Count < MaxPhrases && best.Count < state.Phrases.Count)
        {
            chosen = Choose(Best(state, state.Phrases.Count)); // many phrases nested in each other: order them all
        }
        return chosen.Select(phrase => phrase.Display).ToList();
    }

    private const int ShortlistSize = 4 * MaxPhrases;

    /// <summary>The <paramref name="count"/> best phrases, best first; ties go to the phrase seen first.</summary>
    private static List<PhraseStats> Best(State state, int count)
    {
        var shortlist = new List<(double Score, PhraseStats Phrase)>(Math.Min(count, state.Phrases.Count) + 1);
        foreach (var phrase in state.Phrases.Values)
        {
            var score = 0.0;
            foreach (var unit in phrase.Units)
            {
                var stats = state.Stats[unit];
                score += stats.Score * phrase.Count / stats.Frequency;
            }
            if (shortlist.Count == count && !Better(score, phrase, shortlist[^1]))
            {
                continue;
            }
            var at = shortlist.Count;
            while (at > 0 && Better(score, phrase, shortlist[at - 1]))
            {
                at--;
            }
            shortlist.Insert(at, (score, phrase));
            if (shortlist.Count > count)
            {
                shortlist.RemoveAt(count);
            }
        }
        return shortlist.Select(entry => entry.Phrase).ToList();
    }

    private static bool Better(double score, PhraseStats phrase, (double Score, PhraseStats Phrase) other) =>
        score > other.Score || score == other.Score && phrase.FirstSeen < other.Phrase.FirstSeen;

    /// <summary>The best phrases, skipping any inside a chosen one or around it ("weapons" makes "procure weapons" redundant).</summary>
    private static List<PhraseStats> Choose(List<PhraseStats> ranked)
    {
        var chosen = new List<PhraseStats>(MaxPhrases);
        foreach (var phrase in ranked)
        {
            if (chosen.Count == MaxPhrases)
            {
                break;
            }
            if (!chosen.Any(other => Contains(other.Units, phrase.Units) || Contains(phrase.Units, other.Units)))
            {
                chosen.Add(phrase);
            }
        }
        return chosen;
    }

    private const int MaxWordLength = 40;

    private static bool Contains(int[] outer, int[] inner)
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
    private bool IsContentWord(string text, Token token, Span<char> lower, out int length)
    {
        length = 0;
        if (token.Kind != TokenKind.Word || token.Length < 2 || token.Length > MaxWordLength)
        {
            return false;
        }
        var span = token.AsSpan(text);
        if (!char.IsLetter(span[0]) || _stopWords.Contains(span) || span.Contains('\'') || span.Contains('’')
            || span.Length > 4 && span.EndsWith("ly", StringComparison.OrdinalIgnoreCase)
            || (WordClasses.Of(span) & VerbClasses) != 0 || IsCueVerb(span))
        {
            return false;
        }
        length = span.ToLowerInvariant(lower);
        return length > 0;
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

    /// <summary>Per token: the entity whose mention starts there (-1 for none), and that mention's end token.</summary>
    private static (int[] Entity, int[] End) MentionsByToken(AnalyzedField field, IReadOnlyList<ExtractedEntity> entities)
    {
        var tokens = field.Tokens;
        var entityAt = new int[tokens.Count];
        var endAt = new int[tokens.Count];
        Array.Fill(entityAt, -1);
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
                    entityAt[lo] = e;
                    endAt[lo] = end;
                }
            }
        }
        return (entityAt, endAt);
    }

    /// <summary>The candidates of one article: its units (words and entities), their statistics, and its phrases.</summary>
    private sealed class State(int entityCount, int tokenCount)
    {
        private readonly Dictionary<string, int> _wordIds = new(tokenCount / 3, StringComparer.Ordinal);
        private readonly int[] _entityIds = Enumerable.Repeat(-1, entityCount).ToArray();

        public List<UnitStats> Stats { get; } = new(tokenCount / 3);

        public Dictionary<PhraseKey, PhraseStats> Phrases { get; } = new(tokenCount / 4);

        /// <summary>The candidate being collected: its units and the token each starts at.</summary>
        public int[] Units { get; } = new int[MaxUnits];

        public int[] Tokens { get; } = new int[MaxUnits];

        public int Count { get; set; }

        public int WordUnit(ReadOnlySpan<char> lower)
        {
            var lookup = _wordIds.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(lower, out var id))
            {
                id = Stats.Count;
                var word = lower.ToString();
                Stats.Add(new UnitStats(word, null, word.Length > 5 && (word.EndsWith("ing", StringComparison.Ordinal) || word.EndsWith("ed", StringComparison.Ordinal))));
                _wordIds[word] = id;
            }
            return id;
        }

        public int EntityUnit(int entity, IReadOnlyList<ExtractedEntity> entities)
        {
            if (_entityIds[entity] < 0)
            {
                _entityIds[entity] = Stats.Count;
                Stats.Add(new UnitStats(entities[entity].Key, entities[entity].Name, false));
            }
            return _entityIds[entity];
        }

        public void Shift()
        {
            Units.AsSpan(1).CopyTo(Units);
            Tokens.AsSpan(1).CopyTo(Tokens);
            Count--;
        }

        /// <summary>Ends the candidate collected so far: counts it and its units.</summary>
        public void Flush(int weight, string text, IReadOnlyList<Token> tokens, int sentenceStart, bool upperCaseField)
        {
            // A participle at either end of a candidate is a verb's ("depleting ammunition stocks", "Sullivan stated").
            var from = 0;
            var to = Count;
            while (from < to && Stats[Units[from]].IsParticiple)
            {
                from++;
            }
            while (to > from && Stats[Units[to - 1]].IsParticiple)
            {
                to--;
            }
            Count = 0;
            if (to == from)
            {
                return;
            }
            var units = Units.AsSpan(from, to - from);
            var key = new PhraseKey(units);
            if (!Phrases.TryGetValue(key, out var phrase))
            {
                var display = new StringBuilder();
                for (var k = from; k < to; k++)
                {
                    var stats = Stats[Units[k]];
                    display.Append(k > from ? " " : "").Append(stats.Name
                        ?? Display(text, tokens[Tokens[k]], Tokens[k] == sentenceStart, upperCaseField, stats.Key));
                }
                Phrases[key] = phrase = new PhraseStats(units.ToArray(), display.ToString(), Phrases.Count);
            }
            phrase.Count += weight;
            foreach (var unit in units)
            {
                Stats[unit].Frequency += weight;
                Stats[unit].Degree += weight * units.Length;
            }
        }
    }

    /// <summary>A candidate's units, up to <see cref="MaxUnits"/>, as a dictionary key.</summary>
    private readonly record struct PhraseKey(int A, int B, int C, int D)
    {
        public PhraseKey(ReadOnlySpan<int> units)
            : this(units[0], units.Length > 1 ? units[1] : -1, units.Length > 2 ? units[2] : -1, units.Length > 3 ? units[3] : -1)
        {
        }
    }

    /// <param name="key">The lower-case word, or the entity's key.</param>
    /// <param name="name">The entity's name (null for a word).</param>
    private sealed class UnitStats(string key, string? name, bool isParticiple)
    {
        public string Key { get; } = key;

        public string? Name { get; } = name;

        public bool IsParticiple { get; } = isParticiple;

        public int Frequency { get; set; }

        public int Degree { get; set; }

        /// <summary>
        /// RAKE's degree over frequency, times the frequency, under a square root: √(degree × frequency). Pure RAKE
        /// (degree / frequency) ranks a name that stands alone low however often it comes; this keeps RAKE's taste
        /// for words that keep company and lets the article's main subjects ("Russia", "weapons") rank.
        /// </summary>
        public double Score => Math.Sqrt((double)Degree * Frequency);
    }

    private sealed class PhraseStats(int[] units, string display, int firstSeen)
    {
        public int[] Units { get; } = units;

        public string Display { get; } = display;

        public int FirstSeen { get; } = firstSeen;

        public int Count { get; set; }
    }
}
