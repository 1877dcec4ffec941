using System.Collections.Frozen;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;
using EntityType = NewsEvents.Extraction.Pipeline.EntityType;

namespace NewsEvents.Extraction.Linking;

/// <summary>A building or street whose name stands for a country's government: "the Kremlin" → Russia.</summary>
internal sealed record GovernmentSeat(string Name, string CountryCode)
{
    public string Key => EntityKeys.For(EntityType.Organization, Name);
}

/// <summary>
/// Seats of government used as metonyms (Data/Curated/government-seats.tsv): a short table of general facts, each row
/// with the source that states it (Wikipedia), because no packaged data set records which buildings stand for
/// governments. Capitals standing for governments ("Moscow held talks") come from the country data instead.
/// </summary>
internal static class GovernmentSeats
{
    private static readonly Lazy<FrozenDictionary<string, GovernmentSeat>> LazySeats = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The seat of government a normalised name (<see cref="EntityKeys.NormalizeName"/>) names, if any.</summary>
    public static GovernmentSeat? Find(string key) => LazySeats.Value.GetValueOrDefault(key);

    private static FrozenDictionary<string, GovernmentSeat> Load()
    {
        var seats = new Dictionary<string, GovernmentSeat>(StringComparer.Ordinal);
        foreach (var row in Gazetteer.ReadTsv("Curated/government-seats.tsv"))
        {
            if (row.Length < 3)
            {
                continue;
            }
            var seat = new GovernmentSeat(row[0], row[2]);
            foreach (var name in row[1].Split('|', StringSplitOptions.RemoveEmptyEntries).Prepend(row[0]))
            {
                seats.TryAdd(EntityKeys.NormalizeName(name), seat);
            }
        }
        return seats.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
