using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Features.Entities;

/// <summary>Reads an entity's detail, for the entity resource and for the answers of the curation endpoints.</summary>
internal static class EntityDetails
{
    /// <param name="MergedInto">The survivor, when a curator merged this entity into another.</param>
    public sealed record Found(EntityDetailResponse Detail, Guid? MergedInto);

    /// <summary>
    /// One statement (the row, its aliases and titles as arrays, the entity it is part of joined, the survivor it was
    /// merged into): one round trip instead of five, which is most of this endpoint's latency once its reads are
    /// primary-key ranges.
    /// </summary>
    private const string Sql = """
        SELECT e.id, e.canonical_name, e.type, e.kind, e.country_code, e.latitude, e.longitude,
               ARRAY(SELECT DISTINCT a.alias FROM entity_aliases AS a
                     WHERE a.entity_id = e.id AND a.alias <> e.canonical_name ORDER BY a.alias),
               ARRAY(SELECT t.title FROM entity_titles AS t
                     WHERE t.entity_id = e.id AND t.articles > 0 ORDER BY t.articles DESC, t.title LIMIT 20),
               whole.id, whole.canonical_name, whole.type,
               e.article_count, e.mention_count, e.first_seen, e.last_seen, e.merged_into_id
        FROM entities AS e LEFT JOIN entities AS whole ON whole.id = e.part_of_entity_id
        WHERE e.id = $1
        """;

    public static async Task<Found?> LoadAsync(NpgsqlDataSource dataSource, Guid id, CancellationToken cancellationToken)
    {
        // Prepared (so on a connection of its own): planning this statement cost more than running it.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecutePreparedReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var detail = new EntityDetailResponse(
            reader.GetGuid(0), reader.GetString(1), ParseType(reader.GetString(2)),
            reader.IsDBNull(3) ? null : Enum.Parse<LocationKind>(reader.GetString(3), ignoreCase: true),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6),
            reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8),
            reader.IsDBNull(9) ? null : new EntityReference(reader.GetGuid(9), reader.GetString(10), ParseType(reader.GetString(11))),
            reader.GetInt32(12), reader.GetInt32(13),
            reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
            reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15));
        return new Found(detail, reader.IsDBNull(16) ? null : reader.GetGuid(16));
    }

    private static EntityType ParseType(string type) => Enum.Parse<EntityType>(type, ignoreCase: true);
}
