using System.Text.Json;
using NewsEvents.Core.Search;
using Npgsql;

namespace NewsEvents.Core.Curation;

/// <param name="SubjectId">The entity, event or quote changed.</param>
/// <param name="Before">The state before the change, as JSON.</param>
/// <param name="After">The state after it.</param>
public sealed record CurationChangeHit(
    long Id, DateTimeOffset At, string Curator, CurationAction Action, Guid SubjectId, JsonElement? Before, JsonElement? After);

public sealed record CurationChangePage(IReadOnlyList<CurationChangeHit> Items, string? Next);

/// <summary>The changes curators made to an entity (and to the entities merged into it, and to its events and quotes), newest first.</summary>
public sealed class CurationHistory(NpgsqlDataSource dataSource)
{
    /// <returns>Null when <paramref name="after"/> is not a cursor of this list.</returns>
    public async Task<CurationChangePage?> ListAsync(Guid entityId, int limit, string? after, CancellationToken cancellationToken)
    {
        long before = long.MaxValue;
        if (after is not null && (KeysetToken.TryDecode(after, 2) is not ["history", var last] || !KeysetToken.TryParse(last, out before)))
        {
            return null;
        }
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, curator, action, subject_id, before::text, after::text FROM curation_changes
            WHERE entity_ids && ARRAY(SELECT id FROM entities WHERE id = $1 OR merged_into_id = $1) AND id < $2
            ORDER BY id DESC LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = entityId });
        command.Parameters.Add(new NpgsqlParameter { Value = before });
        command.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var items = new List<CurationChangeHit>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new CurationChangeHit(
                    reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), CurationActions.Parse(reader.GetString(3)),
                    reader.GetGuid(4), Parse(reader, 5), Parse(reader, 6)));
            }
        }
        return items.Count > limit
            ? new CurationChangePage(items[..limit], KeysetToken.Encode("history", KeysetToken.Of(items[limit - 1].Id)))
            : new CurationChangePage(items, null);
    }

    private static JsonElement? Parse(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        using var document = JsonDocument.Parse(reader.GetString(ordinal));
        return document.RootElement.Clone();
    }
}
