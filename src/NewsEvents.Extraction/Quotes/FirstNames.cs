using NewsEvents.Extraction.Ner;

namespace NewsEvents.Extraction.Quotes;

/// <summary>
/// The sex usually carried by an English given name (M, F, or U when either), from the embedded first-name list
/// (Data/Gazetteer/first-names.tsv, Moby Words II via @stdlib): "he" does not refer to Hillary Clinton.
/// </summary>
internal static class FirstNames
{
    private static readonly Lazy<Dictionary<string, char>> Sexes = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static char SexOf(ReadOnlySpan<char> firstName) =>
        Sexes.Value.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(firstName, out var sex) ? sex : 'U';

    private static Dictionary<string, char> Load()
    {
        var sexes = new Dictionary<string, char>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in Gazetteer.ReadTsv("Gazetteer/first-names.tsv"))
        {
            if (row.Length >= 2 && row[1].Length == 1)
            {
                var sex = row[1][0];
                sexes[row[0]] = sexes.TryGetValue(row[0], out var earlier) && earlier != sex ? 'U' : sex;
            }
        }
        return sexes;
    }
}
