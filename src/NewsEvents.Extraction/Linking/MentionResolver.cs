using System.Collections.Frozen;
using NewsEvents.Extraction.Pipeline;
using NerType = NewsEvents.Extraction.Ner.EntityType;

namespace NewsEvents.Extraction.Linking;

/// <summary>
/// Decides what each name refers to: a country, a city or region (GeoNames), a country's government (a capital or a
/// seat of government used for it), a nationality, an organisation, a person, or another named thing.
/// </summary>
internal sealed class MentionResolver
{
    /// <summary>
    /// English words for administrative divisions: after a place name they make it the division named after it
    /// ("Zaporizhzhia region", "Donetsk oblast"), which GeoNames records through its seat (feature code PPLA).
    /// </summary>
    private static readonly FrozenSet<string> DivisionWords = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "region", "province", "oblast", "district", "county", "prefecture", "governorate", "krai", "territory", "state",
        "municipality", "canton", "department");

    /// <summary>
    /// The institutions of a state that a nationality adjective names ("the Ukrainian army", "German police"). Not the
    /// words that end organisation names in general: "Japanese investors" are people and "Canadian financial" starts a
    /// longer phrase.
    /// </summary>
    private static readonly FrozenSet<string> StateInstitutions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "army", "military", "navy", "government", "administration", "police", "ministry", "parliament", "cabinet",
        "embassy", "junta", "regime", "legislature", "judiciary");

    /// <summary>After these a capital is an actor ("talks with Moscow"); after other prepositions it is a place.</summary>
    private static readonly FrozenSet<string> ActorPrepositions = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "with", "between", "against", "by", "versus", "vs");

    private const long MinForeignPopulation = 50_000;

    private readonly PlaceGazetteer _places = PlaceGazetteer.Default;
    private readonly HashSet<string> _contextCountries = new(StringComparer.Ordinal);

    /// <summary>Resolves every mention of an article (title and body together, so that context is shared).</summary>
    public void Resolve(List<Mention> mentions)
    {
        // The countries the article talks about choose among same-named places ("Moscow", Russia, not Idaho).
        foreach (var mention in mentions)
        {
            var key = PlaceKey(mention.Text);
            var country = mention.NerType == NerType.Misc ? _places.Demonym(key) : _places.Country(key) ?? _places.Demonym(key);
            if (country is not null)
            {
                _contextCountries.Add(country.Code);
            }
        }
        foreach (var mention in mentions)
        {
            mention.Resolved = mention.NerType switch
            {
                NerType.Location => Location(mention),
                NerType.Organization => Organization(mention),
                NerType.Misc => Misc(mention),
                _ => Person(mention),
            };
        }
    }

    private static Resolution Person(Mention mention) =>
        new(EntityKeys.For(EntityType.Person, mention.Text), mention.Text, EntityType.Person, Canonical: false);

    private Resolution Location(Mention mention)
    {
        var key = PlaceKey(mention.Text);
        if (_places.Country(key) is { } country && !IsLowercaseCode(mention.Text))
        {
            return OfCountry(country);
        }
        if (_places.Demonym(key) is { } nation)
        {
            return OfNationality(nation);
        }
        if (_places.WorldRegion(key) is { } region)
        {
            return new Resolution(region.Key, region.Name, EntityType.Location, Canonical: true, LocationKind.Region,
                Latitude: region.Latitude, Longitude: region.Longitude);
        }
        if (GovernmentSeats.Find(key) is { } seat)
        {
            return OfSeat(seat);
        }
        if (Division(mention, key) is { } division)
        {
            return division;
        }
        if (PlaceOrGovernment(mention, key) is { } place)
        {
            return place;
        }
        if (_places.IsRegion(key))
        {
            return new Resolution("location:region:" + key, mention.Text, EntityType.Location, Canonical: false, LocationKind.Region);
        }
        // A spelling the data does not have: the nearest name that it has, if one is close enough.
        if (_places.NearestName(key) is { } nearest)
        {
            if (_places.Country(nearest) is { } near)
            {
                return OfCountry(near);
            }
            if ((Division(mention, nearest) ?? PlaceOrGovernment(mention, nearest)) is { } found)
            {
                return found;
            }
        }
        return new Resolution(EntityKeys.For(EntityType.Location, mention.Text), mention.Text, EntityType.Location, Canonical: false, LocationKind.Other);
    }

    private Resolution Organization(Mention mention)
    {
        var key = EntityKeys.NormalizeName(mention.Text);
        if (GovernmentSeats.Find(key) is { } seat)
        {
            return OfSeat(seat);
        }
        // "Russian Defence Ministry", "Ukraine's Naftogaz": an organisation named after its country belongs to it.
        var owner = OwningCountry(mention);
        return new Resolution(EntityKeys.For(EntityType.Organization, mention.Text), mention.Text, EntityType.Organization,
            Canonical: false, CountryCode: owner?.Code, PartOfKey: owner?.Key);
    }

    private Resolution Misc(Mention mention)
    {
        var view = mention.View;
        var key = PlaceKey(mention.Text);
        var next = mention.Last;
        if (_places.Demonym(key) is { } nation)
        {
            // "Ukrainian army", "Russian government": the country's institution.
            if (!mention.IsCompoundModifier && view.IsLowercase(next) && StateInstitutions.Contains(view.Word(next).ToString()))
            {
                mention.ExtendTo(mention.First, next + 1);
                if (view.IsWord(next, "government") || view.IsWord(next, "administration"))
                {
                    return OfGovernment(nation);
                }
                return new Resolution(EntityKeys.For(EntityType.Organization, mention.Text), mention.Text, EntityType.Organization,
                    Canonical: false, CountryCode: nation.Code, PartOfKey: nation.Key);
            }
            return OfNationality(nation);
        }
        if (_places.Country(key) is { } country)
        {
            return OfCountry(country);
        }
        if (GovernmentSeats.Find(key) is { } seat)
        {
            return OfSeat(seat);
        }
        // "Western allies", "Shi'ite militias", "Western intelligence sources": an adjective of a plural noun, people or
        // groups; the mention takes the noun when it follows at once.
        if (PluralNounAfter(view, next) is { } noun)
        {
            if (noun == next)
            {
                mention.ExtendTo(mention.First, next + 1);
            }
            return new Resolution(EntityKeys.For(EntityType.Group, mention.Text), mention.Text, EntityType.Group, Canonical: false);
        }
        return new Resolution(EntityKeys.For(EntityType.Other, mention.Text), mention.Text, EntityType.Other, Canonical: false);
    }

    /// <summary>The plural noun that ends the lowercase noun phrase starting at <paramref name="first"/>, within three words.</summary>
    private static int? PluralNounAfter(FieldView view, int first)
    {
        const WordClass NotNoun = WordClass.Verb | WordClass.Preposition | WordClass.Determiner | WordClass.Conjunction
            | WordClass.Pronoun | WordClass.Adverb;
        for (var i = first; i < first + 3 && view.IsLowercase(i) && !view.IsClass(i, NotNoun); i++)
        {
            if (view.IsClass(i, WordClass.Plural) || !view.IsClass(i, WordClass.OrganizationHead) && IsRegularPlural(view.Word(i)))
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>"sources", "militias": a word that ends like a plural ("press", "census", "basis" do not; "news" is an organisation word).</summary>
    private static bool IsRegularPlural(ReadOnlySpan<char> word) =>
        word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i');

    /// <summary>
    /// "Zaporizhzhia region": the division whose seat is that place, in the seat's country. The mention stays the name
    /// ("region" is no part of it, as in CoNLL), the entity is the division.
    /// </summary>
    private Resolution? Division(Mention mention, string key)
    {
        var view = mention.View;
        var next = mention.Last;
        if (!view.IsWord(next) || !DivisionWords.Contains(view.Word(next).ToString()) || _places.IsRegion(key))
        {
            return null; // a region known by its own name ("Florida state") is that region, not a town's
        }
        var seat = ChoosePlace(key, preferSeats: true);
        if (seat is null)
        {
            return null;
        }
        var code = seat.CountryCode.ToLowerInvariant();
        return new Resolution($"location:region:{code}:{key}", seat.Name + " " + view.Word(next).ToString().ToLowerInvariant(),
            EntityType.Location, Canonical: true, LocationKind.Region, seat.CountryCode, seat.Latitude, seat.Longitude,
            _places.CountryByCode(seat.CountryCode)?.Key);
    }

    /// <summary>A city, or the government of the country whose capital it is when the text uses it as an actor.</summary>
    private Resolution? PlaceOrGovernment(Mention mention, string key)
    {
        if (_places.CapitalOf(key) is { } capitalOf && UsedAsActor(mention))
        {
            return OfGovernment(capitalOf);
        }
        var place = ChoosePlace(key, preferSeats: false);
        return place is null ? null : new Resolution(place.Key, place.Name, EntityType.Location, Canonical: true, LocationKind.City,
            place.CountryCode, place.Latitude, place.Longitude, _places.CountryByCode(place.CountryCode)?.Key);
    }

    /// <summary>
    /// Among places of a name, one in a country the article mentions, then the most populous. A small place
    /// (under <see cref="MinForeignPopulation"/>) in none of the article's countries is more likely a place the data
    /// lacks (it keeps places of 15,000 people or more) than the one it has: no place then.
    /// </summary>
    private Place? ChoosePlace(string key, bool preferSeats)
    {
        var places = _places.Places(key);
        Place? best = null;
        var bestScore = -1;
        foreach (var place in places)
        {
            var score = (_contextCountries.Contains(place.CountryCode) ? 2 : 0) + (preferSeats && place.IsAdministrativeSeat ? 1 : 0);
            if (score > bestScore)
            {
                best = place;
                bestScore = score; // places are most populous first, so the first of each score wins
            }
        }
        if (best is not null && _contextCountries.Count > 0 && bestScore < 2 && best.Population < MinForeignPopulation)
        {
            return null;
        }
        return best;
    }

    /// <summary>
    /// Whether a capital stands for its government: possessive ("Pyongyang's supply", "Kyiv's attacks"), after
    /// "with", "between", "against" ("talks with Moscow"), or the subject of a verb ("Moscow held talks", "both Kyiv and
    /// Western sources announced"). After "in", "to", "from" and the like it is the city.
    /// </summary>
    private static bool UsedAsActor(Mention mention)
    {
        var view = mention.View;
        var next = mention.Last;
        var before = mention.First - 1;
        var sentenceStart = view.SentenceStart(mention.First);
        if (before >= sentenceStart && view.IsClass(before, WordClass.Preposition))
        {
            return ActorPrepositions.Contains(view.Word(before).ToString());
        }
        if (view.IsPossessive(next))
        {
            // "Kyiv's attacks", not "London's Trafalgar Square" or "Moscow's airport".
            return view.IsLowercase(next + 1) && !view.IsClass(next + 1, WordClass.PlaceHead);
        }
        if (before >= sentenceStart && view.IsClass(before, WordClass.Determiner) && !view.IsWord(before, "both") && !view.IsWord(before, "that"))
        {
            return false; // "the Moscow office"
        }
        // The subject of a verb, possibly with a coordinated second subject between them.
        var sentenceEnd = view.SentenceEnd(mention.First);
        var coordinated = false;
        for (var i = next; i < sentenceEnd && i < next + 8; i++)
        {
            if (view.IsLowercase(i))
            {
                var classes = WordClasses.Default.Of(view.Word(i));
                if ((classes & WordClass.Verb) != 0 && (classes & WordClass.Plural) == 0)
                {
                    return true;
                }
                if (i == next && view.IsWord(i, "and"))
                {
                    coordinated = true;
                    continue;
                }
                if ((classes & WordClass.Adverb) != 0 || coordinated && (classes & (WordClass.Preposition | WordClass.Determiner | WordClass.Conjunction)) == 0)
                {
                    continue;
                }
                return false;
            }
            if (!coordinated || !view.IsCapitalized(i))
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>The country an organisation's name starts with: "Russian", "US", "North Korean".</summary>
    private Country? OwningCountry(Mention mention)
    {
        var view = mention.View;
        for (var last = Math.Min(mention.Last - 1, mention.First + 3); last > mention.First; last--)
        {
            var key = EntityKeys.NormalizeName(view.Text[view[mention.First].Start..view[last - 1].End]);
            if ((_places.Country(key) ?? _places.Demonym(key)) is { } country)
            {
                return country;
            }
        }
        return null;
    }

    /// <summary>"Us", "Uk": a country code in other than capitals is another word.</summary>
    private static bool IsLowercaseCode(string text) => text.Count(char.IsLetter) <= 3 && text.Any(char.IsLower);

    /// <summary>The normalised name with a leading compass abbreviation spelt out: "N. Korea" → "north korea".</summary>
    public static string PlaceKey(string text)
    {
        var key = EntityKeys.NormalizeName(text);
        if (key.Length < 3 || key[1] != ' ')
        {
            return key;
        }
        var compass = key[0] switch
        {
            'n' => "north",
            's' => "south",
            'e' => "east",
            'w' => "west",
            _ => null,
        };
        return compass is null ? key : compass + key[1..];
    }

    private static Resolution OfCountry(Country country) =>
        new(country.Key, country.Name, EntityType.Location, Canonical: true, LocationKind.Country, country.Code, country.Latitude, country.Longitude);

    private static Resolution OfNationality(Country country) =>
        new(country.NationalityKey, country.Demonyms.Count > 0 ? country.Demonyms[0] : country.Name, EntityType.Group, Canonical: true,
            CountryCode: country.Code, PartOfKey: country.Key);

    private static Resolution OfGovernment(Country country) =>
        new(country.GovernmentKey, country.GovernmentName, EntityType.Organization, Canonical: true, CountryCode: country.Code,
            PartOfKey: country.Key);

    private Resolution OfSeat(GovernmentSeat seat) =>
        new(seat.Key, seat.Name, EntityType.Organization, Canonical: true, CountryCode: seat.CountryCode,
            PartOfKey: _places.CountryByCode(seat.CountryCode)?.Key);
}
