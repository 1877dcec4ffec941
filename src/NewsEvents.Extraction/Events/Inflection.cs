namespace NewsEvents.Extraction.Events;

/// <summary>
/// English inflection, enough to match a cue word in any form: a verb's -s, -ed, -ing and irregular forms, a noun's
/// plural. It over-generates on purpose ("visit" gives "visitted" as well as "visited"): a form no text uses matches
/// nothing, while a missing one loses events.
/// </summary>
internal static class Inflection
{
    /// <summary>Irregular verbs that the cue lexicon or the reporting verbs use: base → past, past participle.</summary>
    private static readonly Dictionary<string, string[]> IrregularVerbs = new(StringComparer.Ordinal)
    {
        ["arise"] = ["arose", "arisen"],
        ["bear"] = ["bore", "borne"],
        ["beat"] = ["beat", "beaten"],
        ["begin"] = ["began", "begun"],
        ["bring"] = ["brought"],
        ["build"] = ["built"],
        ["buy"] = ["bought"],
        ["break"] = ["broke", "broken"],
        ["come"] = ["came"],
        ["cut"] = ["cut"],
        ["deal"] = ["dealt"],
        ["do"] = ["did", "done"],
        ["drive"] = ["drove", "driven"],
        ["fight"] = ["fought"],
        ["find"] = ["found"],
        ["flee"] = ["fled"],
        ["fly"] = ["flew", "flown"],
        ["forbid"] = ["forbade", "forbidden"],
        ["forgive"] = ["forgave", "forgiven"],
        ["freeze"] = ["froze", "frozen"],
        ["get"] = ["got", "gotten"],
        ["give"] = ["gave", "given"],
        ["go"] = ["went", "gone"],
        ["have"] = ["had"],
        ["hit"] = ["hit"],
        ["hold"] = ["held"],
        ["keep"] = ["kept"],
        ["lead"] = ["led"],
        ["leave"] = ["left"],
        ["lend"] = ["lent"],
        ["make"] = ["made"],
        ["meet"] = ["met"],
        ["overrun"] = ["overran", "overrun"],
        ["pay"] = ["paid"],
        ["put"] = ["put"],
        ["retake"] = ["retook", "retaken"],
        ["rise"] = ["rose", "risen"],
        ["say"] = ["said"],
        ["see"] = ["saw", "seen"],
        ["seek"] = ["sought"],
        ["sell"] = ["sold"],
        ["send"] = ["sent"],
        ["set"] = ["set"],
        ["shoot"] = ["shot"],
        ["shut"] = ["shut"],
        ["speak"] = ["spoke", "spoken"],
        ["spend"] = ["spent"],
        ["stand"] = ["stood"],
        ["steal"] = ["stole", "stolen"],
        ["strike"] = ["struck", "stricken"],
        ["swear"] = ["swore", "sworn"],
        ["take"] = ["took", "taken"],
        ["tell"] = ["told"],
        ["think"] = ["thought"],
        ["throw"] = ["threw", "thrown"],
        ["undertake"] = ["undertook", "undertaken"],
        ["win"] = ["won"],
        ["withdraw"] = ["withdrew", "withdrawn"],
        ["write"] = ["wrote", "written"],
        ["test-fire"] = ["test-fired"],
        ["overthrow"] = ["overthrew", "overthrown"],
        ["shake"] = ["shook", "shaken"],
    };

    /// <summary>The forms of a verb, each with whether it is a past tense or participle (which can be passive).</summary>
    public static IEnumerable<(string Form, VerbForm Kind)> VerbForms(string verb)
    {
        yield return (verb, VerbForm.Base);
        yield return (ThirdPerson(verb), VerbForm.ThirdPerson);
        if (IrregularVerbs.TryGetValue(verb, out var irregular))
        {
            foreach (var form in irregular)
            {
                yield return (form, VerbForm.Past);
            }
        }
        else
        {
            foreach (var form in Past(verb))
            {
                yield return (form, VerbForm.Past);
            }
        }
        foreach (var form in Gerund(verb))
        {
            yield return (form, VerbForm.Gerund);
        }
    }

    public static IEnumerable<string> NounForms(string noun)
    {
        yield return noun;
        yield return ThirdPerson(noun);
    }

    private static string ThirdPerson(string word)
    {
        if (word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z') || word.EndsWith("ch", StringComparison.Ordinal)
            || word.EndsWith("sh", StringComparison.Ordinal))
        {
            return word + "es";
        }
        if (word.Length > 1 && word[^1] == 'y' && !IsVowel(word[^2]))
        {
            return word[..^1] + "ies";
        }
        return word + "s";
    }

    private static IEnumerable<string> Past(string verb)
    {
        if (verb.EndsWith('e'))
        {
            yield return verb + "d";
        }
        else if (verb.Length > 1 && verb[^1] == 'y' && !IsVowel(verb[^2]))
        {
            yield return verb[..^1] + "ied";
        }
        else
        {
            yield return verb + "ed";
            if (EndsConsonantVowelConsonant(verb))
            {
                yield return verb + verb[^1] + "ed"; // "banned", "committed"
            }
        }
    }

    private static IEnumerable<string> Gerund(string verb)
    {
        if (verb.EndsWith("ie", StringComparison.Ordinal))
        {
            yield return verb[..^2] + "ying";
        }
        else if (verb.EndsWith('e') && !verb.EndsWith("ee", StringComparison.Ordinal))
        {
            yield return verb[..^1] + "ing";
        }
        else
        {
            yield return verb + "ing";
            if (EndsConsonantVowelConsonant(verb))
            {
                yield return verb + verb[^1] + "ing";
            }
        }
    }

    private static bool EndsConsonantVowelConsonant(string word) =>
        word.Length >= 3 && !IsVowel(word[^1]) && word[^1] is not ('w' or 'x' or 'y') && IsVowel(word[^2]) && !IsVowel(word[^3]);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}

/// <summary>Which form of a verb a token is: the base and -s forms are also nouns ("attack", "attacks").</summary>
internal enum VerbForm : byte
{
    Base,
    ThirdPerson,
    Past,
    Gerund,
}
