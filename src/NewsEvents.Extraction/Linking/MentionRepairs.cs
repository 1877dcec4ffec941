using NewsEvents.Extraction.Pipeline;
using NerType = NewsEvents.Extraction.Ner.EntityType;

namespace NewsEvents.Extraction.Linking;

/// <summary>
/// Mistakes of the tagger's span boundaries that the gazetteer can fix, each a general rule: a compass word or its
/// abbreviation left out of a place ("N. Korea" tagged "Korea"), the country in a hyphenated adjective ("US-based"),
/// "The" that belongs to a name mid-sentence ("newspaper The Telegraph"), and "X administration".
/// </summary>
internal static class MentionRepairs
{
    public static void Apply(List<Mention> mentions)
    {
        foreach (var mention in mentions)
        {
            AddCompassWord(mention);
            SplitHyphenatedAdjective(mention);
            AddLeadingThe(mention);
            MakeAdministration(mention);
        }
    }

    /// <summary>"N. Korea" / "North Korea" / "S. Korean", when the longer name is a place or demonym the data knows.</summary>
    private static void AddCompassWord(Mention mention)
    {
        if (mention.NerType is not (NerType.Location or NerType.Misc) || mention.First == 0)
        {
            return;
        }
        var view = mention.View;
        var before = mention.First - 1;
        var compass = view.Word(before) switch
        {
            "N." or "N" or "North" => "north",
            "S." or "S" or "South" => "south",
            "E." or "E" or "East" => "east",
            "W." or "W" or "West" => "west",
            _ => null,
        };
        // The sentence splitter may have taken "N." for the end of a sentence; a full word must be in the same sentence.
        if (compass is null || before < view.SentenceStart(mention.First) && !view.Word(before).EndsWith('.'))
        {
            return;
        }
        var key = compass + " " + MentionResolver.PlaceKey(mention.Text);
        var places = PlaceGazetteer.Default;
        if (places.Country(key) is not null || places.Demonym(key) is not null || places.Places(key).Count > 0)
        {
            mention.ExtendTo(before, mention.Last);
        }
    }

    /// <summary>
    /// "US-based", "Russian-occupied": the mention is the country part; a country's name names the state, a demonym
    /// the nationality (a group that links to its country).
    /// </summary>
    private static void SplitHyphenatedAdjective(Mention mention)
    {
        if (mention.NerType is NerType.Person || mention.Last - mention.First != 1)
        {
            return;
        }
        var text = mention.Text;
        var hyphen = text.IndexOf('-', StringComparison.Ordinal);
        if (hyphen <= 0 || hyphen == text.Length - 1 || !char.IsLower(text[hyphen + 1]))
        {
            return;
        }
        var key = EntityKeys.NormalizeName(text[..hyphen]);
        var places = PlaceGazetteer.Default;
        var isCountry = places.Country(key) is not null;
        if (isCountry || places.Demonym(key) is not null)
        {
            mention.End = mention.Start + hyphen;
            mention.NerType = isCountry ? NerType.Location : NerType.Misc;
            mention.IsCompoundModifier = true;
        }
    }

    /// <summary>"the British newspaper The Telegraph": a capitalised "The" inside a sentence is part of the name.</summary>
    private static void AddLeadingThe(Mention mention)
    {
        var view = mention.View;
        var before = mention.First - 1;
        if (mention.NerType is not (NerType.Organization or NerType.Misc) || before < 0 || before == view.SentenceStart(before)
            || !view.Word(before).SequenceEqual("The"))
        {
            return;
        }
        // Not after a sentence-ending quote or colon either ("...": The Kremlin said).
        if (before > 0 && view.IsWord(before - 1))
        {
            mention.ExtendTo(before, mention.Last);
        }
    }

    /// <summary>"the Biden administration": a name followed by "administration" is that administration, an organisation.</summary>
    private static void MakeAdministration(Mention mention)
    {
        var view = mention.View;
        if (mention.NerType is NerType.Misc || !view.IsWord(mention.Last, "administration") || !view.IsLowercase(mention.Last))
        {
            return;
        }
        var key = EntityKeys.NormalizeName(mention.Text);
        if (PlaceGazetteer.Default.Country(key) is not null)
        {
            return; // "the Ukraine administration" is the country's government, resolved with the country
        }
        mention.ExtendTo(mention.First, mention.Last + 1);
        mention.NerType = NerType.Organization;
    }
}
