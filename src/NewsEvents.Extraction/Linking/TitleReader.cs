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
            var isRole = (classes & WordClass.Role) != 0;
            if (view.IsLowercase(i))
            {
                if (!isRole)
                {
                    break;
                }
            }
            else if (!view.IsCapitalized(i) || !inName && !isRole
                && ((classes & (WordClass.Determiner | WordClass.Pronoun | WordClass.Preposition | WordClass.Conjunction)) != 0 || i == sentenceStart))
            {
                break; // "The", "In", or a sentence's first word that is no name or role ("Yesterday")
            }
            hasRole |= isRole || (classes & WordClass.Honorific) != 0;
            start = i;
        }
        if (!hasRole || start < 0)
        {
            return -1;
        }
        // A lone abbreviation ("Mr.", "Dr.") is a form of address, not a title.
        if (start == person.First - 1 && view.Word(start).EndsWith('.'))
        {
            return -1;
        }
        return start;
    }

    /// <summary>An organisation inside a title whose name starts with a country ("US National Security") but has no
    /// head word of an organisation ("Council", "Ministry") is that country.</summary>
    private static void CutToCountry(Mention mention)
    {
        if (mention.NerType != NerType.Organization || mention.View.IsClass(mention.Last - 1, WordClass.OrganizationHead))
        {
            return;
        }
        var view = mention.View;
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
