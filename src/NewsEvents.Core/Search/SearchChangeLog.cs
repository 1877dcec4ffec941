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
    /// <summary>The notification channel a statement trigger on <c>articles</c> signals after each change.</summary>
    public const string Channel = "search_changes";

    /// <param name="Articles">Every article changed at or after the watermark read, visible now (some may repeat from the last read).</param>
    /// <param name="Watermark">The next read's watermark: every transaction below it has ended, so no change below it can still appear.</param>
    public sealed record Changes(IReadOnlyList<Guid> Articles, ulong Watermark);

    /// <summary>
    /// Reads the articles changed since <paramref name="watermark"/> (0 for all) and the next watermark, and hands them to
    /// <paramref name="inSnapshot"/> inside the same snapshot (to read those articles as they are in it). A sequence
    /// number or the highest transaction id seen would not do as a watermark: both are taken before commit, so a
    /// transaction that started earlier can commit later with a smaller one. The watermark is instead the oldest
    /// transaction still running (<c>pg_snapshot_xmin</c>) in the snapshot the changes are read in; changes of the
    /// transactions still running are read again next time, which is harmless to an index that applies an article's
    /// current row, not the change.
    /// </summary>
    public async Task<T> ReadAsync<T>(ulong watermark, Func<Changes, NpgsqlTransaction, Task<T>> inSnapshot, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var next = await SnapshotWatermarkAsync(connection, transaction, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT array(SELECT DISTINCT article_id FROM search_changes WHERE xid >= $1::xid8)", connection, transaction);
        command.Parameters.Add(Xid(watermark));
        var articles = (Guid[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return await inSnapshot(new Changes(articles, next), transaction);
    }

    /// <summary>How long the oldest change at or after <paramref name="watermark"/> has waited (zero when there is none).</summary>
    public async Task<TimeSpan> LagAsync(ulong watermark, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(now() - min(changed_at), interval '0') FROM search_changes WHERE xid >= $1::xid8");
        command.Parameters.Add(Xid(watermark));
        return (TimeSpan)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Deletes the changes below <paramref name="watermark"/> older than <paramref name="retention"/>; returns how many.
    /// Only right for one instance: with several, the lowest of their watermarks must be passed.
    /// </summary>
    public async Task<int> PruneAsync(ulong watermark, TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM search_changes WHERE xid < $1::xid8 AND changed_at < now() - $2");
        command.Parameters.Add(Xid(watermark));
        command.Parameters.Add(new NpgsqlParameter { Value = retention });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The oldest transaction still running in a new snapshot (of <paramref name="transaction"/>, if any): every change below it is visible or never will be.</summary>
    internal static async Task<ulong> SnapshotWatermarkAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", connection, transaction);
        return ulong.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture);
    }

    /// <summary>A transaction id as a parameter (sent as text, cast to xid8 in SQL).</summary>
    internal static NpgsqlParameter Xid(ulong xid) => new() { Value = xid.ToString(CultureInfo.InvariantCulture) };
}
