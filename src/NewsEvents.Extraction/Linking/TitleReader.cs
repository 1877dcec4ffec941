using NewsEvents.Extraction.Pipeline;
using NerType = NewsEvents.Extraction.Ner.EntityType;

namespace NewsEvents.Extraction.Linking;

/// <summary>
/// Titles and roles written before a person's name: "US National Security Advisor Jake Sullivan", "North Korean
/// leader Kim". A title is the run of capitalised words and role nouns (compromise's Actor words) that ends at the name
/// and holds at least one role noun. A name the tagger took as an organisation inside a title ("US National Security"
/// of "US National Security Advisor") is cut back to the country it starts with.
/// </summary>
internal static class TitleReader
{
    public static void Apply(List<Mention> mentions)
    {
        // Mentions are in text order within a field; a person's title can only hold mentions just before it.
        for (var m = 0; m < mentions.Count; m++)
        {
            var person = mentions[m];
            if (person.NerType != NerType.Person)
            {
                continue;
            }
            var first = TitleStart(mentions, m);
            if (first < 0)
            {
                continue;
            }
            var view = person.View;
            person.Titles.Add(view.Text[view[first].Start..view[person.First - 1].End]);
            for (var k = m - 1; k >= 0 && mentions[k].Field == person.Field && mentions[k].First >= first; k--)
            {
                CutToCountry(mentions[k]);
            }
        }
        mentions.RemoveAll(mention => mention.End <= mention.Start);
    }

    /// <summary>The first token of the title before mentions[m], or -1 when there is none.</summary>
    private static int TitleStart(List<Mention> mentions, int m)
    {
        var person = mentions[m];
        var view = person.View;
        var sentenceStart = view.SentenceStart(person.First);
        var k = m - 1; // the mention that may hold the token being read
        var start = -1;
        var hasRole = false;
        var modifiers = 0;
        for (var i = person.First - 1; i >= sentenceStart; i--)
        {
            while (k >= 0 && (mentions[k].Field != person.Field || mentions[k].First > i))
            {
                k--;
            }
            var inName = k >= 0 && mentions[k].Field == person.Field && mentions[k].Last > i;
            if (inName && mentions[k].NerType == NerType.Person)
            {
                break; // "Putin Kim" is two names, not a title
            }
            var classes = view.IsWord(i) ? WordClasses.Default.Of(view.Word(i)) : WordClass.None;
            var isRole = view.IsWord(i) && IsRole(view.Word(i), classes);
            if (view.IsLowercase(i))
            {
                // A role noun, or a noun before one: "economy minister", "vice president", "opposition leader".
                if (!isRole && (!hasRole || ++modifiers > 2 || (classes & NotModifiers) != 0 || view.Word(i).EndsWith("ly", StringComparison.Ordinal)))
                {
                    break;
                }
            }
            else if (!view.IsCapitalized(i) || !inName && !isRole
                && ((classes & (WordClass.Determiner | WordClass.Pronoun | WordClass.Preposition | WordClass.Conjunction)) != 0 || i == sentenceStart))
            {
                break; // "The", "In", or a sentence's first word that is no name or role ("Yesterday")
            }
            hasRole |= isRole;
            start = i;
        }
        // Lower-case words before the role that were not followed by one are not part of it.
        while (start >= 0 && start < person.First - 1 && view.IsLowercase(start) && !IsRole(view.Word(start), WordClasses.Default.Of(view.Word(start))))
        {
            var next = start + 1;
            var anyRoleAfter = false;
            for (var j = next; j < person.First; j++)
            {
                anyRoleAfter |= IsRole(view.Word(j), WordClasses.Default.Of(view.Word(j)));
            }
            if (anyRoleAfter)
            {
                break;
            }
            start = next;
        }
        if (!hasRole || start < 0)
        {
            return -1;
        }
        // A lone form of address ("Mr", "Dr.", "Sir") is not a title.
        if (start == person.First - 1 && (view.Word(start).EndsWith('.') || !IsRole(view.Word(start), WordClasses.Default.Of(view.Word(start)) & ~WordClass.Honorific)))
        {
            return -1;
        }
        return start;
    }

    private const WordClass NotModifiers = WordClass.Verb | WordClass.Gerund | WordClass.Preposition | WordClass.Determiner
        | WordClass.Conjunction | WordClass.Pronoun | WordClass.Adverb;

    /// <summary>
    /// A role noun: compromise's Actor words and honorifics, their -er/-or spelling variants ("adviser" for
    /// "advisor"), and compounds in -man, -woman, -person ("spokesman", "chairwoman").
    /// </summary>
    internal static bool IsRole(ReadOnlySpan<char> word, WordClass classes)
    {
        if ((classes & (WordClass.Role | WordClass.Honorific)) != 0)
        {
            return true;
        }
        if (word.Length > 5 && (word.EndsWith("man", StringComparison.OrdinalIgnoreCase) || word.EndsWith("person", StringComparison.OrdinalIgnoreCase)))
        {
            return (classes & (WordClass.Verb | WordClass.Preposition)) == 0;
        }
        if (word.Length > 4 && word.Length < 40 && (word.EndsWith("er", StringComparison.OrdinalIgnoreCase) || word.EndsWith("or", StringComparison.OrdinalIgnoreCase)))
        {
            Span<char> variant = stackalloc char[word.Length];
            word.CopyTo(variant);
            variant[^2] = char.ToLowerInvariant(word[^2]) == 'e' ? 'o' : 'e';
            return WordClasses.Default.Is(variant, WordClass.Role);
        }
        return false;
    }

    /// <summary>
    /// An organisation inside a title whose name starts with a country ("US National Security") but has no head word
    /// of an organisation ("Council", "Ministry") is that country; one that ends in a role ("National Security
    /// Adviser") is no organisation at all.
    /// </summary>
    private static void CutToCountry(Mention mention)
    {
        var view = mention.View;
        if (mention.NerType is not (NerType.Organization or NerType.Misc) || view.IsClass(mention.Last - 1, WordClass.OrganizationHead))
        {
            return;
        }
        if (IsRole(view.Word(mention.Last - 1), WordClasses.Default.Of(view.Word(mention.Last - 1))))
        {
            mention.End = mention.Start; // removed below
        }
        if (mention.NerType != NerType.Organization)
        {
            return;
        }
        var places = PlaceGazetteer.Default;
        for (var last = Math.Min(mention.Last - 1, mention.First + 3); last > mention.First; last--)
        {
            var key = EntityKeys.NormalizeName(view.Text[view[mention.First].Start..view[last - 1].End]);
            if (places.Country(key) is not null)
            {
                mention.ExtendTo(mention.First, last);
                mention.NerType = NerType.Location;
                return;
            }
            if (places.Demonym(key) is not null)
            {
                mention.ExtendTo(mention.First, last);
                mention.NerType = NerType.Misc;
                return;
            }
        }
    }
}
