using System.Collections.Frozen;
using NewsEvents.Extraction.Ner;

namespace NewsEvents.Extraction.Linking;

/// <summary>What an English word can be, as far as the linker needs to know (Data/Gazetteer/word-classes.tsv).</summary>
[Flags]
internal enum WordClass
{
    None = 0,

    /// <summary>A role or occupation: "leader", "advisor", "minister" (compromise's Actor tag).</summary>
    Role = 1 << 0,

    /// <summary>"Mr", "General", "President" used before a name.</summary>
    Honorific = 1 << 1,

    /// <summary>A verb form: past or present tense, infinitive, modal, copula.</summary>
    Verb = 1 << 2,

    Preposition = 1 << 3,
    Determiner = 1 << 4,
    Conjunction = 1 << 5,
    Pronoun = 1 << 6,
    Adverb = 1 << 7,

    /// <summary>A plural noun: "allies", "forces".</summary>
    Plural = 1 << 8,

    /// <summary>A word that ends organisation names: "army", "ministry", "administration", "government".</summary>
    OrganizationHead = 1 << 9,

    /// <summary>A word that ends place names: "region", "province", "river", "city".</summary>
    PlaceHead = 1 << 10,

    Gerund = 1 << 11,
}

/// <summary>
/// Word classes from the compromise NLP library's lexicon and its organisation and place head words (MIT; made by
/// scripts/gazetteer/convert.mjs). Looked up case-insensitively, without allocating.
/// </summary>
internal sealed class WordClasses
{
    private static readonly Lazy<WordClasses> LazyDefault = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, WordClass> _words;
    private readonly FrozenDictionary<string, WordClass>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private WordClasses(Dictionary<string, WordClass> words)
    {
        _words = words.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static WordClasses Default => LazyDefault.Value;

    public WordClass Of(ReadOnlySpan<char> word) => _lookup.TryGetValue(word, out var classes) ? classes : WordClass.None;

    public bool Is(ReadOnlySpan<char> word, WordClass classes) => (Of(word) & classes) != 0;

    private static WordClasses Load()
    {
        var words = new Dictionary<string, WordClass>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Gazetteer.ReadTsv("Gazetteer/word-classes.tsv"))
        {
            if (row.Length < 2)
            {
                continue;
            }
            var wordClass = row[0] switch
            {
                "Actor" => WordClass.Role,
                "Honorific" => WordClass.Honorific,
                "PastTense" or "PresentTense" or "Infinitive" or "Modal" or "Copula" or "Verb" => WordClass.Verb,
                "Gerund" => WordClass.Gerund,
                "Preposition" => WordClass.Preposition,
                "Determiner" => WordClass.Determiner,
                "Conjunction" => WordClass.Conjunction,
                "Pronoun" => WordClass.Pronoun,
                "Adverb" => WordClass.Adverb,
                "Plural" => WordClass.Plural,
                "OrgWord" => WordClass.OrganizationHead,
                "PlaceWord" => WordClass.PlaceHead,
                _ => WordClass.None,
            };
            words[row[1]] = words.GetValueOrDefault(row[1]) | wordClass;
        }
        return new WordClasses(words);
    }
}
