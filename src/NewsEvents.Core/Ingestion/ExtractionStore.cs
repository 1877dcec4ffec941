using System.Text.Json;
using NewsEvents.Extraction.Pipeline;
using Npgsql;
using static NewsEvents.Core.Data.PositionalSql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Writes what was extracted from an article, inside the transaction that marks it processed. The article's previous
/// rows are replaced, so reprocessing is idempotent. Entities are resolved through the unique alias keys: a key
/// already known names its entity; new entities and keys are inserted with ON CONFLICT DO NOTHING in key order, so
/// concurrent workers meeting the same new name end up with one entity and never deadlock. A key a curator moved
/// (an alias added, an entity merged or split) resolves wherever the aliases table now says.
/// </summary>
internal static class ExtractionStore
{
    private const string ResolveSavepoint = "resolve_entities";

    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, ExtractionResult result,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        Guid[] articleIds = [articleId];
        Guid[] entityIds;
        // A curator's merge that commits between resolving and locking leaves a resolved id a mere redirect; the
        // savepoint lets us drop that resolution (and the row locks taken since) and resolve again through the
        // aliases, which by then name the survivor.
        while (true)
        {
            await transaction.SaveAsync(ResolveSavepoint, cancellationToken);
            entityIds = await ResolveEntitiesAsync(connection, transaction, result.Entities, now, cancellationToken);
            if (!await CoverageCounts.LockAsync(connection, transaction, articleIds, entityIds, cancellationToken))
            {
                break;
            }
            await transaction.RollbackAsync(ResolveSavepoint, cancellationToken);
        }
        Guid? EntityId(int? index) => index is { } i ? entityIds[i] : null;

        await CoverageCounts.SubtractAsync(connection, transaction, articleIds, cancellationToken);
        await using (var clear = NewCommand(connection, transaction, """
            WITH cleared_mentions AS (DELETE FROM mentions WHERE article_id = $1),
                 cleared_quotes AS (DELETE FROM quotes WHERE article_id = $1),
                 cleared_events AS (DELETE FROM events WHERE article_id = $1)
            DELETE FROM article_entities WHERE article_id = $1
            """, articleId))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        if (result.Entities.Count == 0 && result.Quotes.Count == 0 && result.Events.Count == 0)
        {
            return;
        }

        var presence = result.Entities.Select((entity, i) => (Id: entityIds[i], entity.Mentions.Count, entity.Titles))
            .GroupBy(p => p.Id)
            .Select(g => (Id: g.Key, Count: g.Sum(p => p.Count), Titles: g.SelectMany(p => p.Titles).Distinct().ToArray()))
            .Where(p => p.Count > 0)
            .ToList();
        var mentions = result.Entities.SelectMany((entity, i) => entity.Mentions.Select(m => (EntityId: entityIds[i], Mention: m))).ToList();

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            INSERT INTO article_entities (article_id, entity_id, mention_count, titles, tone)
            SELECT $1, entity_id, mention_count, ARRAY(SELECT jsonb_array_elements_text(titles)), $5
            FROM unnest($2::uuid[], $3::int[], $4::jsonb[]) AS t(entity_id, mention_count, titles)
            """, articleId, presence.Select(p => p.Id).ToArray(), presence.Select(p => p.Count).ToArray(),
            presence.Select(p => JsonSerializer.Serialize(p.Titles)).ToArray(), result.Tone));
        batch.BatchCommands.Add(Command("""
            INSERT INTO mentions (id, article_id, entity_id, field, start, "end", text)
            SELECT gen_random_uuid(), $1, entity_id, field, start, "end", text
            FROM unnest($2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[]) AS t(entity_id, field, start, "end", text)
            """, articleId, mentions.Select(m => m.EntityId).ToArray(), mentions.Select(m => Lower(m.Mention.Span.Field)).ToArray(),
            mentions.Select(m => m.Mention.Span.Start).ToArray(), mentions.Select(m => m.Mention.Span.End).ToArray(),
            mentions.Select(m => Truncate(m.Mention.Text, 300)).ToArray()));
        batch.BatchCommands.Add(Command("""
            INSERT INTO quotes (id, article_id, speaker_entity_id, text, field, start, "end", cue, is_direct, published_or_ingested_at)
            SELECT gen_random_uuid(), $1, t.*, a.published_or_ingested_at
            FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::bool[])
                AS t(speaker, text, field, start, "end", cue, is_direct)
            JOIN articles AS a ON a.id = $1
            """, articleId, result.Quotes.Select(q => EntityId(q.Speaker)).ToArray(), result.Quotes.Select(q => q.Text).ToArray(),
            result.Quotes.Select(q => Lower(q.Span.Field)).ToArray(), result.Quotes.Select(q => q.Span.Start).ToArray(),
            result.Quotes.Select(q => q.Span.End).ToArray(), result.Quotes.Select(q => q.Cue is null ? null : Truncate(q.Cue, 200)).ToArray(),
            result.Quotes.Select(q => q.IsDirect).ToArray()));
        batch.BatchCommands.Add(Command("""
            INSERT INTO events (id, article_id, type_code, actor_entity_id, target_entity_id, location_entity_id, occurred_on,
                                modality, sentence, field, sentence_start, sentence_end, cue, confidence, tone, event_day)
            SELECT gen_random_uuid(), $1, t.*, coalesce(t.occurred_on, (a.published_or_ingested_at AT TIME ZONE 'UTC')::date)
            FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::date[], $7::text[], $8::text[], $9::text[],
                        $10::int[], $11::int[], $12::text[], $13::float8[], $14::float8[])
                 AS t(type_code, actor, target, location, occurred_on, modality, sentence, field, sentence_start, sentence_end,
                      cue, confidence, tone)
            JOIN articles AS a ON a.id = $1
            """, articleId, result.Events.Select(e => e.Type.Code).ToArray(), result.Events.Select(e => EntityId(e.Actor)).ToArray(),
            result.Events.Select(e => EntityId(e.Target)).ToArray(), result.Events.Select(e => EntityId(e.Location)).ToArray(),
            result.Events.Select(e => e.Date).ToArray(), result.Events.Select(e => Lower(e.Modality)).ToArray(),
            result.Events.Select(e => e.SentenceText).ToArray(), result.Events.Select(e => Lower(e.Sentence.Field)).ToArray(),
            result.Events.Select(e => e.Sentence.Start).ToArray(), result.Events.Select(e => e.Sentence.End).ToArray(),
            result.Events.Select(e => Truncate(e.Cue, 200)).ToArray(), result.Events.Select(e => e.Confidence).ToArray(),
            result.Events.Select(e => e.Tone).ToArray()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        // Last, so the hottest rows (popular entities' counters) stay locked for the shortest time.
        await CoverageCounts.AddAsync(connection, transaction, articleIds, cancellationToken);
    }

    /// <summary>The stored entity for each extracted one, creating entities and alias keys that are new.</summary>
    private static async Task<Guid[]> ResolveEntitiesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ExtractedEntity> entities,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keysOf = entities.Select(e => e.Aliases.Where(a => a.Key is not null).Select(a => a.Key!).Prepend(e.Key).ToList()).ToList();
        var known = await LookUpAsync(connection, transaction, keysOf.SelectMany(keys => keys).Distinct().ToArray(), cancellationToken);
        var ids = new Guid[entities.Count];
        var missing = new List<int>();
        for (var i = 0; i < entities.Count; i++)
        {
            if (keysOf[i].Select(key => known.GetValueOrDefault(key)).FirstOrDefault(id => id != Guid.Empty) is var id && id != Guid.Empty)
            {
                ids[i] = id;
            }
            else
            {
                missing.Add(i);
            }
        }

        var createdHere = new HashSet<Guid>();
        if (missing.Count > 0)
        {
            var created = missing.Select(i => entities[i]).DistinctBy(e => e.Key).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            var byKey = new Dictionary<string, Guid>();
            await using (var insert = NewCommand(connection, transaction, """
                INSERT INTO entities (id, key, canonical_name, type, kind, country_code, latitude, longitude, created_at)
                SELECT gen_random_uuid(), t.*, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                                              $6::float8[], $7::float8[]) AS t
                ON CONFLICT (key) DO NOTHING
                RETURNING key, id
                """, created.Select(e => e.Key).ToArray(), created.Select(e => Truncate(e.Name, 300)).ToArray(),
                created.Select(e => Lower(e.Type)).ToArray(), created.Select(e => e.Kind is { } kind ? Lower(kind) : null).ToArray(),
                created.Select(e => e.CountryCode).ToArray(), created.Select(e => e.Latitude).ToArray(),
                created.Select(e => e.Longitude).ToArray(), now))
            {
                await ReadKeysAsync(insert, byKey, cancellationToken);
            }
            createdHere.UnionWith(byKey.Values);
            // Entities another transaction created meanwhile (the insert waited for it, then did nothing), or that
            // were merged since (then their survivor).
            await using (var select = NewCommand(connection, transaction, "SELECT key, coalesce(merged_into_id, id) FROM entities WHERE key = ANY($1)",
                (object)created.Select(e => e.Key).Where(key => !byKey.ContainsKey(key)).ToArray()))
            {
                await ReadKeysAsync(select, byKey, cancellationToken);
            }
            foreach (var i in missing)
            {
                ids[i] = byKey[entities[i].Key];
            }
        }

        var aliases = entities.SelectMany((e, i) => e.Aliases.Where(a => a.Key is not null).Select(a => (Key: a.Key!, a.Name, Id: ids[i]))
                .Prepend((Key: e.Key, e.Name, Id: ids[i])))
            .Where(alias => !known.ContainsKey(alias.Key))
            .DistinctBy(alias => alias.Key)
            .OrderBy(alias => alias.Key, StringComparer.Ordinal)
            .ToList();
        await using (var insertAliases = NewCommand(connection, transaction, """
            INSERT INTO entity_aliases (id, entity_id, alias, key)
            SELECT gen_random_uuid(), t.* FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t
            ON CONFLICT (key) DO NOTHING
            """, aliases.Select(a => a.Id).ToArray(), aliases.Select(a => Truncate(a.Name, 300)).ToArray(), aliases.Select(a => a.Key).ToArray()))
        {
            await insertAliases.ExecuteNonQueryAsync(cancellationToken);
        }

        await LinkPartsAsync(connection, transaction, entities, ids, createdHere, cancellationToken);
        return ids;
    }

    /// <summary>
    /// Records what a new entity belongs to (the Kremlin → Russia), when the whole is known. Only entities this
    /// transaction created: updating existing rows here would lock them out of order (see CoverageCounts).
    /// </summary>
    private static async Task LinkPartsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ExtractedEntity> entities, Guid[] ids,
        HashSet<Guid> createdHere, CancellationToken cancellationToken)
    {
        var parts = entities.Select((e, i) => (Id: ids[i], e.PartOfKey))
            .Where(p => p.PartOfKey is not null && createdHere.Contains(p.Id))
            .ToList();
        if (parts.Count == 0)
        {
            return;
        }
        await using var update = NewCommand(connection, transaction, """
            UPDATE entities AS e SET part_of_entity_id = a.entity_id
            FROM unnest($1::uuid[], $2::text[]) AS t(id, whole_key)
            JOIN entity_aliases AS a ON a.key = t.whole_key
            WHERE e.id = t.id AND e.part_of_entity_id IS NULL AND a.entity_id <> e.id
            """, parts.Select(p => p.Id).ToArray(), parts.Select(p => p.PartOfKey!).ToArray());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReadKeysAsync(NpgsqlCommand command, Dictionary<string, Guid> byKey, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            byKey[reader.GetString(0)] = reader.GetGuid(1);
        }
    }

    private static async Task<Dictionary<string, Guid>> LookUpAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Guid>();
        await using var command = NewCommand(connection, transaction, "SELECT key, entity_id FROM entity_aliases WHERE key = ANY($1)", (object)keys);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = reader.GetGuid(1);
        }
        return found;
    }

    private static string Lower<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
