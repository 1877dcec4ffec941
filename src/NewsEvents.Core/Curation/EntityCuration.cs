using System.Text.Json;
using System.Text.Json.Serialization;
using NewsEvents.Core.Data;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Stories;
using NewsEvents.Extraction.Pipeline;
using Npgsql;
using static NewsEvents.Core.Data.PositionalSql;

namespace NewsEvents.Core.Curation;

/// <summary>
/// A curator's corrections to what extraction stored: aliases, merges, splits, types, rejected events and quotes.
/// Each runs in one transaction that also records the change (who, when, before and after) in curation_changes.
/// </summary>
/// <remarks>
/// Entities are locked the way processing locks them (<see cref="CoverageCounts.LockAsync"/>: every entity of the
/// affected articles, in id order), so curation and concurrent processing wait for each other without deadlocking;
/// the coverage aggregates of the affected articles are subtracted before and added after the move, so they stay
/// exact. Processing that resolved a name to an entity merged meanwhile notices it under the lock and resolves again.
/// </remarks>
public sealed class EntityCuration(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Adds a name under which later articles find the entity. False when the entity already had it.</summary>
    public Task<bool> AddAliasAsync(Guid entityId, string name, string curator, CancellationToken cancellationToken) =>
        RunAsync(async (connection, transaction) =>
        {
            await CoverageCounts.LockAsync(connection, transaction, [], [entityId], cancellationToken);
            var entity = await LiveEntityAsync(connection, transaction, entityId, cancellationToken);
            var key = EntityKeys.For(entity.Type, name);
            Guid owner;
            await using (var insert = NewCommand(connection, transaction, """
                WITH added AS (
                    INSERT INTO entity_aliases (id, entity_id, alias, key) VALUES (gen_random_uuid(), $1, $2, $3)
                    ON CONFLICT (key) DO NOTHING RETURNING entity_id)
                SELECT entity_id FROM added UNION ALL SELECT entity_id FROM entity_aliases WHERE key = $3
                """, entityId, name, key))
            {
                owner = (Guid)(await insert.ExecuteScalarAsync(cancellationToken))!;
            }
            if (owner != entityId)
            {
                throw new CurationException(CurationFailure.Conflict,
                    $"'{name}' (key '{key}') already names another entity; merge the two instead.", owner);
            }
            var added = entity.Aliases.All(alias => alias.Key != key);
            if (added)
            {
                await RecordAsync(connection, transaction, curator, CurationAction.AliasAdded, entityId, [entityId],
                    new { aliases = entity.Aliases }, new { aliases = await AliasesAsync(connection, transaction, entityId, cancellationToken) },
                    cancellationToken);
            }
            return added;
        }, cancellationToken);

    /// <summary>Removes the aliases of the entity that spell this name (or have this key); later articles no longer find it by them.</summary>
    public Task RemoveAliasAsync(Guid entityId, string name, string curator, CancellationToken cancellationToken) =>
        RunAsync(async (connection, transaction) =>
        {
            await CoverageCounts.LockAsync(connection, transaction, [], [entityId], cancellationToken);
            var entity = await LiveEntityAsync(connection, transaction, entityId, cancellationToken);
            var removed = await MatchingAliasesAsync(connection, transaction, entity, name, allowMergedKeys: false, cancellationToken);
            await using (var delete = NewCommand(connection, transaction, "DELETE FROM entity_aliases WHERE key = ANY($1)",
                (object)removed.Select(a => a.Key).ToArray()))
            {
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }
            await RecordAsync(connection, transaction, curator, CurationAction.AliasRemoved, entityId, [entityId],
                new { aliases = entity.Aliases }, new { aliases = await AliasesAsync(connection, transaction, entityId, cancellationToken) },
                cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Merges one entity into another: its mentions, events, quotes, aliases and coverage follow the survivor, and it
    /// stays behind as a redirect.
    /// </summary>
    public Task MergeAsync(Guid mergedId, Guid survivorId, string curator, CancellationToken cancellationToken)
    {
        if (mergedId == survivorId)
        {
            throw new CurationException(CurationFailure.Conflict, "An entity cannot be merged into itself.");
        }
        return RunAsync(async (connection, transaction) =>
        {
            var articles = await LockArticlesAsync(connection, transaction, mergedId, [mergedId, survivorId], cancellationToken);
            var merged = await LiveEntityAsync(connection, transaction, mergedId, cancellationToken);
            var survivor = await LiveEntityAsync(connection, transaction, survivorId, cancellationToken);

            await CoverageCounts.SubtractAsync(connection, transaction, articles, cancellationToken);
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                batch.BatchCommands.Add(Command("UPDATE mentions SET entity_id = $2 WHERE entity_id = $1", mergedId, survivorId));
                batch.BatchCommands.Add(Command(RetargetEvents, mergedId, survivorId, null));
                batch.BatchCommands.Add(Command(RetargetQuotes, mergedId, survivorId, null));
                batch.BatchCommands.Add(Command("""
                    WITH moved AS (DELETE FROM article_entities WHERE entity_id = $1 RETURNING *)
                    INSERT INTO article_entities AS ae (article_id, entity_id, mention_count, titles, tone)
                    SELECT article_id, $2, mention_count, titles, tone FROM moved
                    ON CONFLICT (article_id, entity_id) DO UPDATE
                    SET mention_count = ae.mention_count + excluded.mention_count,
                        titles = ARRAY(SELECT DISTINCT title FROM unnest(ae.titles || excluded.titles) AS title ORDER BY title)
                    """, mergedId, survivorId));
                batch.BatchCommands.Add(Command("UPDATE entity_aliases SET entity_id = $2 WHERE entity_id = $1", mergedId, survivorId));
                // What belonged to the merged entity belongs to the survivor (unless that is the survivor itself).
                batch.BatchCommands.Add(Command("""
                    UPDATE entities SET part_of_entity_id = CASE WHEN id = $2 THEN NULL ELSE $2 END WHERE part_of_entity_id = $1
                    """, mergedId, survivorId));
                // Earlier merges into the merged entity now redirect straight to the survivor: redirects never chain.
                batch.BatchCommands.Add(Command("UPDATE entities SET merged_into_id = $2 WHERE merged_into_id = $1", mergedId, survivorId));
                batch.BatchCommands.Add(Command("""
                    UPDATE entities AS s SET first_seen = least(s.first_seen, m.first_seen), last_seen = greatest(s.last_seen, m.last_seen)
                    FROM entities AS m WHERE s.id = $2 AND m.id = $1
                    """, mergedId, survivorId));
                batch.BatchCommands.Add(Command(
                    "UPDATE entities SET merged_into_id = $2, part_of_entity_id = NULL WHERE id = $1", mergedId, survivorId));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            await CoverageCounts.AddAsync(connection, transaction, articles, cancellationToken);
            await StoryClusterer.RecountEntitiesAsync(connection, transaction, articles, cancellationToken);
            // The merged entity's aggregate rows were subtracted to zero; the survivor's now count its articles.
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                batch.BatchCommands.Add(Command("DELETE FROM entity_daily_mentions WHERE entity_id = $1", mergedId));
                batch.BatchCommands.Add(Command("DELETE FROM entity_titles WHERE entity_id = $1", mergedId));
                batch.BatchCommands.Add(Command("DELETE FROM entity_pairs WHERE entity_a = $1 OR entity_b = $1", mergedId));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            await RecordAsync(connection, transaction, curator, CurationAction.Merged, mergedId, [mergedId, survivorId],
                new { merged, survivor },
                new { survivor = await SnapshotAsync(connection, transaction, survivorId, cancellationToken) },
                cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Moves the aliases spelling this name out of the entity into a new one, with the mentions written in that
    /// name, and the events and quotes of the articles in which the entity is then no longer mentioned.
    /// </summary>
    /// <returns>The new entity's id.</returns>
    public Task<Guid> SplitAsync(Guid entityId, string name, string curator, CancellationToken cancellationToken) =>
        RunAsync(async (connection, transaction) =>
        {
            // Locks first (every article of the entity, so its aliases and mentions cannot change), then works out
            // what moves: the articles with mentions spelled that way.
            await LockArticlesAsync(connection, transaction, entityId, [entityId], cancellationToken);
            var entity = await LiveEntityAsync(connection, transaction, entityId, cancellationToken);
            var moving = await MatchingAliasesAsync(connection, transaction, entity, name, allowMergedKeys: true, cancellationToken);
            var texts = await MentionTextsAsync(connection, transaction, entityId, name, cancellationToken);
            Guid[] articles;
            await using (var select = NewCommand(connection, transaction,
                "SELECT coalesce(array_agg(DISTINCT article_id), '{}') FROM mentions WHERE entity_id = $1 AND text = ANY($2)", entityId, texts))
            {
                articles = (Guid[])(await select.ExecuteScalarAsync(cancellationToken))!;
            }

            var newId = Guid.CreateVersion7();
            var key = moving.Select(a => a.Key).Order(StringComparer.Ordinal).First();
            await using (var create = NewCommand(connection, transaction, """
                INSERT INTO entities (id, key, canonical_name, type, kind, created_at)
                SELECT $1, CASE WHEN EXISTS (SELECT 1 FROM entities WHERE key = $2) THEN $2 || '#' || $1 ELSE $2 END, $3, type, kind, $4
                FROM entities WHERE id = $5
                """, newId, key, moving[0].Alias, time.GetUtcNow(), entityId))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            await CoverageCounts.SubtractAsync(connection, transaction, articles, cancellationToken);
            await using (var move = NewCommand(connection, transaction, """
                WITH moved_aliases AS (UPDATE entity_aliases SET entity_id = $3 WHERE key = ANY($4)),
                     moved AS (UPDATE mentions SET entity_id = $3 WHERE entity_id = $1 AND text = ANY($2) RETURNING article_id),
                     counts AS (SELECT article_id, count(*)::int AS n FROM moved GROUP BY article_id),
                     created AS (
                         INSERT INTO article_entities (article_id, entity_id, mention_count, titles, tone)
                         SELECT c.article_id, $3, c.n, CASE WHEN ae.mention_count = c.n THEN ae.titles ELSE '{}' END, ae.tone
                         FROM counts AS c JOIN article_entities AS ae ON ae.article_id = c.article_id AND ae.entity_id = $1),
                     -- The entity keeps the rest of its mentions; gone from an article, its row there goes too.
                     left_articles AS (
                         DELETE FROM article_entities AS ae USING counts AS c
                         WHERE ae.article_id = c.article_id AND ae.entity_id = $1 AND ae.mention_count = c.n
                         RETURNING ae.article_id),
                     reduced AS (
                         UPDATE article_entities AS ae SET mention_count = ae.mention_count - c.n FROM counts AS c
                         WHERE ae.article_id = c.article_id AND ae.entity_id = $1 AND ae.mention_count > c.n)
                SELECT coalesce(array_agg(article_id), '{}') FROM left_articles
                """, entityId, texts, newId, moving.Select(a => a.Key).ToArray()))
            {
                var left = (Guid[])(await move.ExecuteScalarAsync(cancellationToken))!;
                // Where the entity is no longer mentioned, what the article says of it was said of the new one.
                await using var batch = new NpgsqlBatch(connection, transaction);
                batch.BatchCommands.Add(Command(RetargetEvents, entityId, newId, left));
                batch.BatchCommands.Add(Command(RetargetQuotes, entityId, newId, left));
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            await CoverageCounts.AddAsync(connection, transaction, articles, cancellationToken);
            await StoryClusterer.RecountEntitiesAsync(connection, transaction, articles, cancellationToken);
            await RecordAsync(connection, transaction, curator, CurationAction.Split, entityId, [entityId, newId],
                new { entity },
                new
                {
                    entity = await SnapshotAsync(connection, transaction, entityId, cancellationToken),
                    created = await SnapshotAsync(connection, transaction, newId, cancellationToken),
                },
                cancellationToken);
            return newId;
        }, cancellationToken);

    /// <summary>
    /// Changes the entity's type, and adds its names under the new type's keys (where no other entity has them) so
    /// later articles that type it correctly find it too.
    /// </summary>
    public Task ChangeTypeAsync(Guid entityId, EntityType type, string curator, CancellationToken cancellationToken) =>
        RunAsync(async (connection, transaction) =>
        {
            await CoverageCounts.LockAsync(connection, transaction, [], [entityId], cancellationToken);
            var entity = await LiveEntityAsync(connection, transaction, entityId, cancellationToken);
            if (entity.Type == type)
            {
                return false;
            }
            var names = entity.Aliases.Select(a => a.Alias).Distinct().ToArray();
            await using (var update = NewCommand(connection, transaction, """
                WITH retyped AS (
                    UPDATE entities SET type = $2, kind = CASE WHEN $2 = 'location' THEN kind END WHERE id = $1)
                INSERT INTO entity_aliases (id, entity_id, alias, key)
                SELECT gen_random_uuid(), $1, t.alias, t.key FROM unnest($3::text[], $4::text[]) AS t(alias, key)
                ORDER BY t.key
                ON CONFLICT (key) DO NOTHING
                """, entityId, Lower(type), names, names.Select(n => EntityKeys.For(type, n)).ToArray()))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            await RecordAsync(connection, transaction, curator, CurationAction.TypeChanged, entityId, [entityId],
                entity, await SnapshotAsync(connection, transaction, entityId, cancellationToken), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Rejects an extracted event (hidden by default, kept) or restores it. False when it already was so.</summary>
    public Task<bool> SetEventRejectedAsync(Guid eventId, bool rejected, string curator, CancellationToken cancellationToken) =>
        SetRejectedAsync("events", "ARRAY[actor_entity_id, target_entity_id, location_entity_id]", "event", eventId, rejected,
            rejected ? CurationAction.EventRejected : CurationAction.EventRestored, curator, cancellationToken);

    /// <summary>Rejects an extracted quote (hidden by default, kept) or restores it. False when it already was so.</summary>
    public Task<bool> SetQuoteRejectedAsync(Guid quoteId, bool rejected, string curator, CancellationToken cancellationToken) =>
        SetRejectedAsync("quotes", "ARRAY[speaker_entity_id]", "quote", quoteId, rejected,
            rejected ? CurationAction.QuoteRejected : CurationAction.QuoteRestored, curator, cancellationToken);

    private Task<bool> SetRejectedAsync(
        string table, string entities, string noun, Guid id, bool rejected, CurationAction action, string curator,
        CancellationToken cancellationToken) =>
        RunAsync(async (connection, transaction) =>
        {
            DateTimeOffset? before;
            Guid[] entityIds;
            // table and entities are constants of this class, never input.
            await using (var select = NewCommand(connection, transaction,
                $"SELECT rejected_at, array_remove({entities}, NULL) FROM {table} WHERE id = $1 FOR UPDATE", id))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw new CurationException(CurationFailure.NotFound, $"No {noun} has this id.");
                }
                before = reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
                entityIds = reader.GetFieldValue<Guid[]>(1);
            }
            if ((before is not null) == rejected)
            {
                return false;
            }
            var after = rejected ? time.GetUtcNow() : (DateTimeOffset?)null;
            await using (var update = NewCommand(connection, transaction, $"UPDATE {table} SET rejected_at = $2 WHERE id = $1", id, after))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
            await RecordAsync(connection, transaction, curator, action, id, entityIds,
                new { rejectedAt = before }, new { rejectedAt = after }, cancellationToken);
            return true;
        }, cancellationToken);

    // $1 the entity replaced, $2 its replacement, $3 the articles concerned (null: all).
    private const string RetargetEvents = """
        UPDATE events SET actor_entity_id = CASE WHEN actor_entity_id = $1 THEN $2 ELSE actor_entity_id END,
                          target_entity_id = CASE WHEN target_entity_id = $1 THEN $2 ELSE target_entity_id END,
                          location_entity_id = CASE WHEN location_entity_id = $1 THEN $2 ELSE location_entity_id END
        WHERE (actor_entity_id = $1 OR target_entity_id = $1 OR location_entity_id = $1)
          AND ($3::uuid[] IS NULL OR article_id = ANY($3::uuid[]))
        """;

    private const string RetargetQuotes = """
        UPDATE quotes SET speaker_entity_id = $2 WHERE speaker_entity_id = $1 AND ($3::uuid[] IS NULL OR article_id = ANY($3::uuid[]))
        """;

    /// <summary>
    /// Locks the given entities and every entity of <paramref name="entityId"/>'s articles, and returns those articles.
    /// Until the entity is locked, processing may still add articles to it: the locks are taken again until they cover
    /// its articles.
    /// </summary>
    private static async Task<Guid[]> LockArticlesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid entityId, Guid[] entityIds, CancellationToken cancellationToken)
    {
        var covered = new HashSet<Guid>();
        var locked = false;
        while (true)
        {
            Guid[] articles;
            await using (var select = NewCommand(connection, transaction,
                "SELECT coalesce(array_agg(article_id), '{}') FROM article_entities WHERE entity_id = $1", entityId))
            {
                articles = (Guid[])(await select.ExecuteScalarAsync(cancellationToken))!;
            }
            if (locked && articles.All(covered.Contains))
            {
                return articles;
            }
            covered.UnionWith(articles);
            await CoverageCounts.LockAsync(connection, transaction, [.. covered], entityIds, cancellationToken);
            locked = true;
        }
    }

    /// <summary>The entity as it is now; a curation error unless it exists and has not been merged.</summary>
    private static async Task<EntitySnapshot> LiveEntityAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid entityId, CancellationToken cancellationToken)
    {
        await using (var select = NewCommand(connection, transaction, "SELECT merged_into_id FROM entities WHERE id = $1", entityId))
        {
            switch (await select.ExecuteScalarAsync(cancellationToken))
            {
                case null:
                    throw new CurationException(CurationFailure.NotFound, $"No entity has the id {entityId}.");
                case Guid survivor:
                    throw new CurationException(CurationFailure.Conflict,
                        $"Entity {entityId} was merged into {survivor}; curate that one.", survivor);
            }
        }
        return (await SnapshotAsync(connection, transaction, entityId, cancellationToken))!;
    }

    private static async Task<EntitySnapshot?> SnapshotAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid entityId, CancellationToken cancellationToken)
    {
        await using var select = NewCommand(connection, transaction, """
            SELECT key, canonical_name, type, article_count, mention_count FROM entities WHERE id = $1
            """, entityId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var snapshot = new EntitySnapshot(entityId, reader.GetString(0), reader.GetString(1),
            Enum.Parse<EntityType>(reader.GetString(2), ignoreCase: true), reader.GetInt32(3), reader.GetInt32(4), []);
        await reader.DisposeAsync(); // one open reader per connection
        return snapshot with { Aliases = await AliasesAsync(connection, transaction, entityId, cancellationToken) };
    }

    private static async Task<IReadOnlyList<AliasSnapshot>> AliasesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid entityId, CancellationToken cancellationToken)
    {
        await using var select = NewCommand(connection, transaction,
            "SELECT alias, key FROM entity_aliases WHERE entity_id = $1 ORDER BY key", entityId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var aliases = new List<AliasSnapshot>();
        while (await reader.ReadAsync(cancellationToken))
        {
            aliases.Add(new AliasSnapshot(reader.GetString(0), reader.GetString(1)));
        }
        return aliases;
    }

    /// <summary>
    /// The entity's aliases that spell <paramref name="name"/> (in any case, accents or punctuation) or have it as key.
    /// Not found when there are none; a conflict when one is a key an entity was created under, which processing
    /// would give back to the entity at once.
    /// </summary>
    private static async Task<IReadOnlyList<AliasSnapshot>> MatchingAliasesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EntitySnapshot entity, string name, bool allowMergedKeys,
        CancellationToken cancellationToken)
    {
        var normalized = EntityKeys.NormalizeName(name);
        var matching = entity.Aliases.Where(a => a.Key == name || EntityKeys.NormalizeName(a.Alias) == normalized).ToList();
        if (matching.Count == 0)
        {
            throw new CurationException(CurationFailure.NotFound, $"The entity has no alias '{name}'.");
        }
        await using var select = NewCommand(connection, transaction, """
            SELECT key FROM entities WHERE key = ANY($1) AND (id = $2 OR merged_into_id = $2 AND NOT $3)
            """, matching.Select(a => a.Key).ToArray(), entity.Id, allowMergedKeys);
        if (await select.ExecuteScalarAsync(cancellationToken) is string identity)
        {
            throw new CurationException(CurationFailure.Conflict,
                $"'{identity}' is the key an entity was created under, which processing would give back to it.");
        }
        return matching;
    }

    /// <summary>The distinct texts of the entity's mentions that spell <paramref name="name"/>.</summary>
    private static async Task<string[]> MentionTextsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid entityId, string name, CancellationToken cancellationToken)
    {
        var normalized = EntityKeys.NormalizeName(name);
        await using var select = NewCommand(connection, transaction, "SELECT DISTINCT text FROM mentions WHERE entity_id = $1", entityId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var texts = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (EntityKeys.NormalizeName(reader.GetString(0)) == normalized)
            {
                texts.Add(reader.GetString(0));
            }
        }
        return [.. texts];
    }

    private async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string curator, CurationAction action, Guid subjectId,
        Guid[] entityIds, object? before, object? after, CancellationToken cancellationToken)
    {
        await using var insert = NewCommand(connection, transaction, """
            INSERT INTO curation_changes (at, curator, action, subject_id, entity_ids, before, after)
            VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
            """, time.GetUtcNow(), curator, action.Stored(), subjectId, entityIds,
            JsonSerializer.Serialize(before, Json), JsonSerializer.Serialize(after, Json));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Runs a change in one transaction. Ingest running at the same moment can create the same entity key first
    /// (unique violation) or meet the change's locks in another order (deadlock); the whole transaction is rolled back
    /// then, so running it again from the start is safe.
    /// </summary>
    /// <remarks>
    /// Processing replaces an article's mentions, events and quotes before it locks entities, and a merge locks
    /// entities before it moves those rows, so a merge racing reprocessing of the merged entity's articles deadlocks
    /// now and then; PostgreSQL often ends the merge, which holds the most locks. Three attempts lost all three in a
    /// CI run (12 articles reprocessed during two merges), hence more attempts, each after a <see cref="ConflictPause"/>.
    /// </remarks>
    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await change(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (attempt < MaxAttempts
                && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
            {
                await ConflictPause.WaitAsync(attempt, cancellationToken);
            }
        }
    }

    private const int MaxAttempts = 10;

    private static string Lower(EntityType type) => type.ToString().ToLowerInvariant();

    private sealed record AliasSnapshot(string Alias, string Key);

    private sealed record EntitySnapshot(
        Guid Id, string Key, string Name, EntityType Type, int ArticleCount, int MentionCount, IReadOnlyList<AliasSnapshot> Aliases);
}
