using System.Globalization;
using NewsEvents.Extraction.Text;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Links a processed article to the original it copies, inside the transaction that stores it. Candidates share a
/// MinHash band key (GIN index); the most similar one at or above <see cref="MinHash.NearDuplicateSimilarity"/> names
/// the group. Groups stay one level deep: the earliest published article is the original, every other member points
/// at it, and an earlier copy arriving late takes the group over. The update that finishes a batch's articles writes
/// their signatures and keys and clears their links first; the articles are then linked in turn, each seeing the
/// others' keys (whichever of two copies in one batch links first, the earlier published ends up the original).
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

    public async Task LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        Guid? original = null;
        var originalIsEarlier = true;
        if (_signature is not null)
        {
            await using var candidates = PositionalSql.NewCommand(connection, transaction, """
                SELECT c.min_hash, r.id, r.published_or_ingested_at <= a.published_or_ingested_at
                FROM articles AS a
                JOIN articles AS c ON c.near_duplicate_keys && $2 AND c.id <> a.id AND coalesce(c.duplicate_of, c.id) <> a.id
                JOIN articles AS r ON r.id = coalesce(c.duplicate_of, c.id)
                WHERE a.id = $1
                """, _articleId, _keys);
            await using var reader = await candidates.ExecutePreparedReaderAsync(cancellationToken);
            var best = MinHash.NearDuplicateSimilarity;
            while (await reader.ReadAsync(cancellationToken))
            {
                var similarity = MinHash.Similarity(reader.GetFieldValue<int[]>(0), _signature);
                if (similarity >= best)
                {
                    (best, original, originalIsEarlier) = (similarity, reader.GetGuid(1), reader.GetBoolean(2));
                }
            }
        }

        if (original is null)
        {
            return; // the article stands alone, as the update that finished it left it
        }
        // This article's own copies (it may be reprocessed) follow it into whatever group it joins.
        var sql = originalIsEarlier
            ? """
              WITH copies AS (UPDATE articles SET duplicate_of = $2 WHERE duplicate_of = $1)
              UPDATE articles SET duplicate_of = $2 WHERE id = $1
              """
            : "UPDATE articles SET duplicate_of = $1 WHERE id = $2 OR duplicate_of = $2";
        await using var link = PositionalSql.NewCommand(connection, transaction, sql, _articleId, original);
        await link.ExecuteNonQueryAsync(cancellationToken);
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
