using NewsEvents.Extraction.Text;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Links a processed article to the original it copies, inside the transaction that stores it. Candidates share a
/// MinHash band key (GIN index); the most similar one at or above <see cref="MinHash.NearDuplicateSimilarity"/> names
/// the group. Groups stay one level deep: the earliest published article is the original, every other member points
/// at it, and an earlier copy arriving late takes the group over.
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

        // This article's own copies (it may be reprocessed) follow it into whatever group it joins.
        var sql = original is null
            ? "UPDATE articles SET min_hash = $2, near_duplicate_keys = $3, duplicate_of = NULL WHERE id = $1"
            : originalIsEarlier
                ? """
                  WITH copies AS (UPDATE articles SET duplicate_of = $4 WHERE duplicate_of = $1)
                  UPDATE articles SET min_hash = $2, near_duplicate_keys = $3, duplicate_of = $4 WHERE id = $1
                  """
                : """
                  WITH group_members AS (UPDATE articles SET duplicate_of = $1 WHERE id = $4 OR duplicate_of = $4)
                  UPDATE articles SET min_hash = $2, near_duplicate_keys = $3, duplicate_of = NULL WHERE id = $1
                  """;
        object?[] values = original is null ? [_articleId, _signature, _keys] : [_articleId, _signature, _keys, original];
        await using var link = PositionalSql.NewCommand(connection, transaction, sql, values);
        await link.ExecuteNonQueryAsync(cancellationToken);
    }
}
