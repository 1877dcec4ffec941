using System.Globalization;
using NewsEvents.Extraction.Text;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Links a processed article to the original it copies, inside the transaction that stores it. Candidates share a
/// MinHash band key (GIN index); every one at or above <see cref="MinHash.NearDuplicateSimilarity"/> puts its group
/// with the article's. Groups stay one level deep: the earliest published article is the original and every other
/// member points at it, so an earlier copy arriving late takes the group over, and an article resembling members of
/// two groups unites them. The groups are then the connected parts of "resembles", whatever order the articles are
/// linked in. The update that finishes a batch's articles writes their signatures and keys and clears their links
/// first; the articles are then linked in turn, each seeing the others' keys.
/// </summary>
internal sealed class NearDuplicateLinker
{
    private readonly Guid _articleId;
    private readonly int[]? _signature;
    private readonly long[]? _keys;

    public NearDuplicateLinker(Guid articleId, string body)
    {
        _articleId = articleId;
        _signature = MinHash.Signature(body);
        _keys = _signature is null ? null : MinHash.BandKeys(_signature);
    }

    /// <summary>
    /// Serialises the transactions of articles that could be copies of each other, so two copies processed at once
    /// still find each other. Call first in the transaction, before any row lock, so the order is the same everywhere;
    /// a transaction storing several articles takes all their keys at once, in key order.
    /// </summary>
    public static async Task LockAsync(
        IEnumerable<NearDuplicateLinker> linkers, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var keys = linkers.SelectMany(linker => linker._keys ?? []).Distinct().ToArray();
        if (keys.Length == 0)
        {
            return;
        }
        await using var command = PositionalSql.NewCommand(connection, transaction,
            "SELECT count(pg_advisory_xact_lock(key)) FROM (SELECT key FROM unnest($1::bigint[]) AS key ORDER BY key) AS keys",
            (object)keys);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <remarks>
    /// The originals are locked and checked to still be originals before the groups move: a concurrent transaction
    /// may have moved one (two articles sharing no band key are not serialised by <see cref="LockAsync"/>, yet can
    /// resemble members of the same group), and then the search runs again and sees where that group went.
    /// </remarks>
    public async Task LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (_signature is null)
        {
            return; // too short to judge: the article stands alone, as the update that finished it left it
        }
        Guid[] originals;
        Guid? survivor;
        do
        {
            originals = await OriginalsAsync(connection, transaction, cancellationToken);
            if (originals.Length < 2)
            {
                return; // alone, or already in the one group it resembles
            }
            survivor = await LockEarliestOriginalAsync(connection, transaction, originals, cancellationToken);
        }
        while (survivor is null);

        // The survivor's own group stays as it is; the other groups move under it.
        await using var unite = PositionalSql.NewCommand(connection, transaction,
            "UPDATE articles SET duplicate_of = $1 WHERE id = ANY($2) OR duplicate_of = ANY($2)",
            survivor.Value, originals.Where(id => id != survivor).ToArray());
        await unite.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The originals of the article's own group and of every group with a member it resembles.</summary>
    private async Task<Guid[]> OriginalsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // One round trip: the article's own group on every row, each candidate beside it (none: one row of nulls).
        await using var candidates = PositionalSql.NewCommand(connection, transaction, """
            SELECT coalesce(a.duplicate_of, a.id), c.min_hash, coalesce(c.duplicate_of, c.id)
            FROM articles AS a LEFT JOIN articles AS c ON c.near_duplicate_keys && $2 AND c.id <> a.id
            WHERE a.id = $1
            """, _articleId, _keys);
        await using var reader = await candidates.ExecutePreparedReaderAsync(cancellationToken);
        var originals = new HashSet<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            originals.Add(reader.GetGuid(0));
            if (!reader.IsDBNull(1) && MinHash.Similarity(reader.GetFieldValue<int[]>(1), _signature!) >= MinHash.NearDuplicateSimilarity)
            {
                originals.Add(reader.GetGuid(2));
            }
        }
        return [.. originals];
    }

    /// <summary>
    /// Locks the originals, in id order, and returns the earliest published (on a tie, one already there rather than
    /// this article); null when one of them has become a copy meanwhile.
    /// </summary>
    private async Task<Guid?> LockEarliestOriginalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] originals, CancellationToken cancellationToken)
    {
        await using var locked = PositionalSql.NewCommand(connection, transaction, """
            SELECT CASE WHEN bool_and(duplicate_of IS NULL)
                        THEN (array_agg(id ORDER BY published_or_ingested_at, id = $2, id))[1] END
            FROM (SELECT id, duplicate_of, published_or_ingested_at FROM articles WHERE id = ANY($1)
                  ORDER BY id FOR NO KEY UPDATE) AS originals
            """, originals, _articleId);
        return await locked.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>
    /// The signature and band keys as PostgreSQL array literals (null for a text too short to judge), for the update
    /// that finishes the article: written with it, before any linking, they cost no update of their own.
    /// </summary>
    public (string? Signature, string? Keys) ArrayLiterals() =>
        (Literal(_signature), Literal(_keys));

    private static string? Literal<T>(T[]? values) where T : IFormattable =>
        values is null ? null : $"{{{string.Join(',', values.Select(value => value.ToString(null, CultureInfo.InvariantCulture)))}}}";
}
