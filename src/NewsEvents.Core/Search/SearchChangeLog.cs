using System.Data;
using System.Globalization;
using Npgsql;

namespace NewsEvents.Core.Search;

/// <summary>
/// The ordered log of article changes an article index is fed from (decision 017): a trigger on <c>articles</c> adds a
/// row with the writing transaction's id for every insert, delete and change of what search reads. A reader keeps a
/// watermark and is given every article changed since, exactly as committed, whatever order transactions commit in.
/// </summary>
public sealed class SearchChangeLog(NpgsqlDataSource dataSource)
{
    /// <param name="Articles">Every article changed at or after the watermark read, visible now (some may repeat from the last read).</param>
    /// <param name="Watermark">The next read's watermark: every transaction below it has ended, so no change below it can still appear.</param>
    public sealed record Changes(IReadOnlyList<Guid> Articles, ulong Watermark);

    /// <summary>
    /// The articles changed since <paramref name="watermark"/> (0 for all), and the next watermark. A sequence number
    /// or the highest transaction id seen would not do: both are taken before commit, so a transaction that started
    /// earlier can commit later with a smaller one. The watermark is instead the oldest transaction still running
    /// (<c>pg_snapshot_xmin</c>) in the snapshot the changes are read in; changes of the transactions still running are
    /// read again next time, which is harmless to an index that applies an article's current row, not the change.
    /// </summary>
    public async Task<Changes> ReadAsync(ulong watermark, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the watermark and the rows.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text, array(SELECT DISTINCT article_id FROM search_changes WHERE xid >= $1::xid8)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = watermark.ToString(CultureInfo.InvariantCulture) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var next = ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        return new Changes(reader.GetFieldValue<Guid[]>(1), next);
    }
}
