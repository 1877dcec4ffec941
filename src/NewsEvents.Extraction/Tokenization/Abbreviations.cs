namespace NewsEvents.Extraction.Tokenization;

/// <summary>
/// Common English abbreviations that keep their final period ("Mr.", "Sept.", "Corp."). <see cref="IsTitle"/> marks
/// those that are followed by a name and so never end a sentence. Initialisms with inner periods ("U.S.", "e.g.") and
/// single-letter initials ("J.") are recognised by their form, not listed here.
/// </summary>
public static class Abbreviations
{
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "rev", "fr", "sr", "st", "hon", "pres", "gov", "sen", "rep",
        "gen", "lt", "col", "maj", "capt", "cmdr", "cdr", "adm", "brig", "sgt", "cpl", "pvt", "amb", "supt", "insp", "atty",
        "det", "gens", "reps", "sens", "mt", "ft", "no", "nos", "vs", "v", "cf", "ca", "approx", "dept",
    };

    private static readonly HashSet<string> Others = new(StringComparer.OrdinalIgnoreCase)
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "inc", "corp", "co", "ltd", "llc", "plc", "bros", "assn", "univ", "jr", "esq", "etc", "al", "ave", "blvd", "rd",
        "calif", "colo", "conn", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo",
        "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "ariz", "ark", "del",
        "pct", "mln", "bln", "dlrs", "cts", "min", "max", "est", "govt", "intl", "natl", "vol", "fig", "op", "ed", "eds",
    };

    public static bool IsKnown(ReadOnlySpan<char> word)
    {
        var lookup = Titles.GetAlternateLookup<ReadOnlySpan<char>>();
        var others = Others.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(word) || others.Contains(word);
    }

    /// <summary>A title or reference word that is always followed by more of the sentence ("Mr.", "Gen.", "No.").</summary>
    public static bool IsTitle(ReadOnlySpan<char> wordWithoutPeriod) =>
        Titles.GetAlternateLookup<ReadOnlySpan<char>>().Contains(wordWithoutPeriod);
}
