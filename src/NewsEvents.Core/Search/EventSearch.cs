using NewsEvents.Extraction.Events;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Core.Search;

/// <param name="TypeCode">A CAMEO code or its prefix: "04" finds every kind of consultation, "043" only that one.</param>
/// <param name="Entity">Actor, target or location.</param>
/// <param name="From">Inclusive, on the event's day (when it happened, else when it was reported).</param>
/// <param name="To">Inclusive.</param>
/// <param name="Text">Web-search syntax over the source sentence.</param>
/// <param name="MinSources">Only events carried by at least this many distinct sources.</param>
public sealed record EventQuery(
    string? TypeCode = null,
    Guid? Actor = null,
    Guid? Target = null,
    Guid? Entity = null,
    Guid? Location = null,
    Modality? Modality = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Text = null,
    int MinSources = 1,
    bool IncludeRejected = false,
    int Limit = 20,
    string? After = null,
    Guid? Id = null);

/// <param name="Day">When it happened, else the day of the report.</param>
/// <param name="Date">When it happened, when the article says.</param>
/// <param name="Sources">Distinct sources reporting the same event: same kind (CAMEO root), actor, target and day.</param>
public sealed record EventHit(
    Guid Id,
    EventType Type,
    EntityReference? Actor,
    EntityReference? Target,
    PlaceReference? Location,
    DateOnly Day,
    DateOnly? Date,
    Modality Modality,
    string Sentence,
    TextField Field,
    int Start,
    int End,
    string Cue,
    double Confidence,
    double Tone,
    int Sources,
    Guid ArticleId,
    string ArticleTitle,
    string? Source,
    bool Rejected);

public sealed record EventPage(IReadOnlyList<EventHit> Items, string? Next);

/// <summary>
/// Lists extracted events, newest first. Reports of one event by several articles are linked by their signature
/// (CAMEO root, actor, target, day), which gives each event its corroboration: the distinct sources carrying it.
/// </summary>
public sealed class EventSearch(NpgsqlDataSource dataSource)
{
    private const string Config = Data.NewsEventsDbContext.TextSearchConfiguration;

    /// <summary>The columns by which an event names an entity, each indexed with (event_day, id).</summary>
    private static readonly string[] EntityRoles = ["actor_entity_id", "target_entity_id", "location_entity_id"];

    /// <summary>Null when the cursor is not one this search issued.</summary>
    public async Task<EventPage?> SearchAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var filters = new SqlConditions(command);
        if (query.Id is { } id) filters.Add("e.id = @id", "id", id);
        if (query.TypeCode is { } code) filters.Add("e.type_code LIKE @type || '%'", "type", code);
        if (query.Actor is { } actor) filters.Add("e.actor_entity_id = @actor", "actor", actor);
        if (query.Target is { } target) filters.Add("e.target_entity_id = @target", "target", target);
        if (query.Location is { } location) filters.Add("e.location_entity_id = @location", "location", location);
        if (query.Modality is { } modality) filters.Add("e.modality = @modality", "modality", modality.ToString().ToLowerInvariant());
        if (query.From is { } from) filters.Add("e.event_day >= @from", "from", from);
        if (query.To is { } to) filters.Add("e.event_day <= @to", "to", to);
        if (query.Text is { } text) filters.Add($"to_tsvector('{Config}', e.sentence) @@ websearch_to_tsquery('{Config}', @text)", "text", text);
        if (!query.IncludeRejected) filters.Add("e.rejected_at IS NULL");
        // Corroboration is known only once the events are joined to their reports, so it filters apart from the rest.
        var corroboration = new SqlConditions(command);
        if (query.MinSources > 1) corroboration.Add("sources.n >= @min_sources", "min_sources", query.MinSources);
        if (query.After is not null)
        {
            if (KeysetToken.TryDecode(query.After, 2) is not { } parts
                || !KeysetToken.TryParse(parts[0], out long day) || day is < 0 or > 3_652_058
                || !KeysetToken.TryParse(parts[1], out Guid afterId))
            {
                return null;
            }
            filters.Add("(e.event_day, e.id) < (@after_day, @after_id)");
            command.Parameters.AddWithValue("after_day", DateOnly.FromDayNumber((int)day));
            command.Parameters.AddWithValue("after_id", afterId);
        }
        command.Parameters.AddWithValue("limit", query.Limit + 1);

        var events = $"(SELECT * FROM events AS e WHERE {filters}) AS e";
        if (query.Entity is { } entity)
        {
            // Actor, target or place: one range of each role's (entity, day, id) index, newest first, merged, rather
            // than a walk of all events newest first that stops when enough of them name the entity (most of the table
            // for one seldom in the news). Each range can stop at a page unless corroboration filters after it.
            command.Parameters.AddWithValue("entity", entity);
            var page = query.MinSources > 1 ? "" : "LIMIT @limit";
            var ranges = EntityRoles.Select(role =>
                $"(SELECT * FROM events AS e WHERE e.{role} = @entity AND {filters} ORDER BY e.event_day DESC, e.id DESC {page})");
            events = $"({string.Join(" UNION ", ranges)}) AS e";
        }

        command.CommandText = $"""
            SELECT e.id, e.type_code, actor.id, actor.canonical_name, actor.type, target.id, target.canonical_name, target.type,
                   place.id, place.canonical_name, place.latitude, place.longitude, e.event_day, e.occurred_on, e.modality,
                   e.sentence, e.field, e.sentence_start, e.sentence_end, e.cue, e.confidence, e.tone, sources.n,
                   a.id, a.title, s.name, e.rejected_at IS NOT NULL
            FROM {events}
            JOIN articles AS a ON a.id = e.article_id
            LEFT JOIN sources AS s ON s.id = a.source_id
            LEFT JOIN entities AS actor ON actor.id = e.actor_entity_id
            LEFT JOIN entities AS target ON target.id = e.target_entity_id
            LEFT JOIN entities AS place ON place.id = e.location_entity_id
            CROSS JOIN LATERAL (
                SELECT CASE WHEN e.actor_entity_id IS NULL THEN 1 ELSE (
                    SELECT count(DISTINCT coalesce(a2.source_id, a2.id))::int
                    FROM events AS e2 JOIN articles AS a2 ON a2.id = e2.article_id
                    WHERE e2.actor_entity_id = e.actor_entity_id AND e2.event_day = e.event_day
                      AND e2.target_entity_id IS NOT DISTINCT FROM e.target_entity_id
                      AND left(e2.type_code, 2) = left(e.type_code, 2) AND e2.rejected_at IS NULL) END AS n
            ) AS sources
            WHERE {corroboration}
            ORDER BY e.event_day DESC, e.id DESC
            LIMIT @limit
            """;

        var hits = new List<EventHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var typeCode = reader.GetString(1);
            hits.Add(new EventHit(
                reader.GetGuid(0),
                EventTaxonomy.Find(typeCode) ?? new EventType(typeCode, typeCode),
                reader.IsDBNull(2) ? null : new EntityReference(reader.GetGuid(2), reader.GetString(3), Enum.Parse<EntityType>(reader.GetString(4), true)),
                reader.IsDBNull(5) ? null : new EntityReference(reader.GetGuid(5), reader.GetString(6), Enum.Parse<EntityType>(reader.GetString(7), true)),
                reader.IsDBNull(8) ? null : new PlaceReference(reader.GetGuid(8), reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetDouble(10), reader.IsDBNull(11) ? null : reader.GetDouble(11)),
                reader.GetFieldValue<DateOnly>(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateOnly>(13),
                Enum.Parse<Modality>(reader.GetString(14), true),
                reader.GetString(15),
                Enum.Parse<TextField>(reader.GetString(16), true),
                reader.GetInt32(17), reader.GetInt32(18), reader.GetString(19), reader.GetDouble(20), reader.GetDouble(21),
                reader.GetInt32(22), reader.GetGuid(23), reader.GetString(24), reader.IsDBNull(25) ? null : reader.GetString(25),
                reader.GetBoolean(26)));
        }
        if (hits.Count <= query.Limit)
        {
            return new EventPage(hits, null);
        }
        var last = hits[query.Limit - 1];
        return new EventPage(hits[..query.Limit], KeysetToken.Encode(KeysetToken.Of(last.Day.DayNumber), KeysetToken.Of(last.Id)));
    }
}
