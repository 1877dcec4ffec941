using System.Text.Json;
using NewsEvents.Extraction.Pipeline;
using Npgsql;
using static NewsEvents.Core.Data.PositionalSql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// Writes what was extracted from articles, inside the transaction that marks them processed. The articles' previous
/// rows are replaced, so reprocessing is idempotent. Entities are resolved through the unique alias keys: a key
/// already known names its entity; new entities and keys are inserted with ON CONFLICT DO NOTHING in key order, so
/// concurrent workers meeting the same new name end up with one entity and never deadlock. A key a curator moved
/// (an alias added, an entity merged or split) resolves wherever the aliases table now says. Several articles are
/// written with the same few set-based statements as one, with the same result as writing them one after another.
/// </summary>
internal static class ExtractionStore
{
    private const string ResolveSavepoint = "resolve_entities";

    public static Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, ExtractionResult result,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(connection, transaction, [(articleId, result)], now, cancellationToken);

    /// <summary>
    /// Creates the entities and alias keys the articles would add, in a short transaction of its own, before the
    /// transaction that writes them. A new key inserted inside that long transaction would make every other worker
    /// meeting the same name wait for its commit, so concurrent batches ran one after the other; here they wait only
    /// for the insert. The write then finds every key stored (and still creates any a curator removed meanwhile). An
    /// entity whose articles then fail to store stays, with no articles, like one whose articles were reprocessed away.
    /// </summary>
    public static async Task CreateEntitiesAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<ExtractionResult> articles, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (articles.All(article => article.Entities.Count == 0))
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ResolveEntitiesAsync(connection, transaction, [.. articles.Select(a => a.Entities)], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(Guid ArticleId, ExtractionResult Result)> articles,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var articleIds = articles.Select(a => a.ArticleId).ToArray();
        List<ArticleRows> rows;
        // A curator's merge that commits between resolving and locking leaves a resolved id a mere redirect; the
        // savepoint lets us drop that resolution (and the rows and row locks written since) and resolve again through
        // the aliases, which by then name the survivor.
        while (true)
        {
            await transaction.SaveAsync(ResolveSavepoint, cancellationToken);
            var entityIds = await ResolveEntitiesAsync(connection, transaction, [.. articles.Select(a => a.Result.Entities)], now, cancellationToken);
            rows = [.. articles.Select((article, a) => new ArticleRows(article.ArticleId, article.Result, entityIds[a]))];
            // Before the entity locks, which every batch shares on popular entities: these rows count nothing.
            await ReplaceDetailRowsAsync(connection, transaction, articleIds, rows, cancellationToken);
            if (!await CoverageCounts.LockAsync(connection, transaction, articleIds, [.. entityIds.SelectMany(ids => ids).Distinct()], cancellationToken))
            {
                break;
            }
            await transaction.RollbackAsync(ResolveSavepoint, cancellationToken);
        }

        await CoverageCounts.SubtractAsync(connection, transaction, articleIds, cancellationToken);
        await using (var clear = NewCommand(connection, transaction, "DELETE FROM article_entities WHERE article_id = ANY($1)", (object)articleIds))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
        var presence = rows.SelectMany(r => r.Presence()).ToList();
        if (presence.Count == 0)
        {
            return;
        }
        await using (var insert = NewCommand(connection, transaction, """
            INSERT INTO article_entities (article_id, entity_id, mention_count, titles, tone)
            SELECT article_id, entity_id, mention_count, ARRAY(SELECT jsonb_array_elements_text(titles)), tone
            FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::jsonb[], $5::float8[]) AS t(article_id, entity_id, mention_count, titles, tone)
            """, presence.Select(p => p.ArticleId).ToArray(), presence.Select(p => p.EntityId).ToArray(), presence.Select(p => p.Count).ToArray(),
            presence.Select(p => JsonSerializer.Serialize(p.Titles)).ToArray(), presence.Select(p => p.Tone).ToArray()))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        // Last, so the hottest rows (popular entities' counters) stay locked for the shortest time.
        await CoverageCounts.AddAsync(connection, transaction, articleIds, cancellationToken);
    }

    /// <summary>Replaces the articles' mentions, quotes and events with the given rows.</summary>
    private static async Task ReplaceDetailRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, List<ArticleRows> rows, CancellationToken cancellationToken)
    {
        var mentions = rows.SelectMany(r => r.Mentions()).ToList();
        var quotes = rows.SelectMany(r => r.Result.Quotes.Select(q => (r.ArticleId, Speaker: r.EntityId(q.Speaker), Quote: q))).ToList();
        var events = rows.SelectMany(r => r.Result.Events.Select(e =>
            (r.ArticleId, Actor: r.EntityId(e.Actor), Target: r.EntityId(e.Target), Location: r.EntityId(e.Location), Event: e))).ToList();

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            WITH cleared_mentions AS (DELETE FROM mentions WHERE article_id = ANY($1)),
                 cleared_quotes AS (DELETE FROM quotes WHERE article_id = ANY($1))
            DELETE FROM events WHERE article_id = ANY($1)
            """, (object)articleIds));
        batch.BatchCommands.Add(Command("""
            INSERT INTO mentions (id, article_id, entity_id, field, start, "end", text)
            SELECT gen_random_uuid(), t.*
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[]) AS t(article_id, entity_id, field, start, "end", text)
            """, mentions.Select(m => m.ArticleId).ToArray(), mentions.Select(m => m.EntityId).ToArray(),
            mentions.Select(m => Lower(m.Mention.Span.Field)).ToArray(), mentions.Select(m => m.Mention.Span.Start).ToArray(),
            mentions.Select(m => m.Mention.Span.End).ToArray(), mentions.Select(m => Truncate(m.Mention.Text, 300)).ToArray()));
        batch.BatchCommands.Add(Command("""
            INSERT INTO quotes (id, article_id, speaker_entity_id, text, field, start, "end", cue, is_direct, published_or_ingested_at)
            SELECT gen_random_uuid(), t.*, a.published_or_ingested_at
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::bool[])
                AS t(article_id, speaker, text, field, start, "end", cue, is_direct)
            JOIN articles AS a ON a.id = t.article_id
            """, quotes.Select(q => q.ArticleId).ToArray(), quotes.Select(q => q.Speaker).ToArray(), quotes.Select(q => q.Quote.Text).ToArray(),
            quotes.Select(q => Lower(q.Quote.Span.Field)).ToArray(), quotes.Select(q => q.Quote.Span.Start).ToArray(),
            quotes.Select(q => q.Quote.Span.End).ToArray(), quotes.Select(q => q.Quote.Cue is null ? null : Truncate(q.Quote.Cue, 200)).ToArray(),
            quotes.Select(q => q.Quote.IsDirect).ToArray()));
        batch.BatchCommands.Add(Command("""
            INSERT INTO events (id, article_id, type_code, actor_entity_id, target_entity_id, location_entity_id, occurred_on,
                                modality, sentence, field, sentence_start, sentence_end, cue, confidence, tone, event_day)
            SELECT gen_random_uuid(), t.*, coalesce(t.occurred_on, (a.published_or_ingested_at AT TIME ZONE 'UTC')::date)
            FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::date[], $7::text[], $8::text[], $9::text[],
                        $10::int[], $11::int[], $12::text[], $13::float8[], $14::float8[])
                 AS t(article_id, type_code, actor, target, location, occurred_on, modality, sentence, field, sentence_start, sentence_end,
                      cue, confidence, tone)
            JOIN articles AS a ON a.id = t.article_id
            """, events.Select(e => e.ArticleId).ToArray(), events.Select(e => e.Event.Type.Code).ToArray(), events.Select(e => e.Actor).ToArray(),
            events.Select(e => e.Target).ToArray(), events.Select(e => e.Location).ToArray(), events.Select(e => e.Event.Date).ToArray(),
            events.Select(e => Lower(e.Event.Modality)).ToArray(), events.Select(e => e.Event.SentenceText).ToArray(),
            events.Select(e => Lower(e.Event.Sentence.Field)).ToArray(), events.Select(e => e.Event.Sentence.Start).ToArray(),
            events.Select(e => e.Event.Sentence.End).ToArray(), events.Select(e => Truncate(e.Event.Cue, 200)).ToArray(),
            events.Select(e => e.Event.Confidence).ToArray(), events.Select(e => e.Event.Tone).ToArray()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One article's extraction with its entities resolved to stored ids, as rows.</summary>
    private sealed record ArticleRows(Guid ArticleId, ExtractionResult Result, Guid[] EntityIds)
    {
        public Guid? EntityId(int? index) => index is { } i ? EntityIds[i] : null;

        /// <summary>One row per stored entity the article mentions (extracted entities resolved to the same one are summed).</summary>
        public IEnumerable<(Guid ArticleId, Guid EntityId, int Count, string[] Titles, double Tone)> Presence() =>
            Result.Entities.Select((entity, i) => (Id: EntityIds[i], entity.Mentions.Count, entity.Titles))
                .GroupBy(p => p.Id)
                .Select(g => (ArticleId, EntityId: g.Key, Count: g.Sum(p => p.Count), Titles: g.SelectMany(p => p.Titles).Distinct().ToArray(), Result.Tone))
                .Where(p => p.Count > 0);

        public IEnumerable<(Guid ArticleId, Guid EntityId, ExtractedMention Mention)> Mentions() =>
            Result.Entities.SelectMany((entity, i) => entity.Mentions.Select(m => (ArticleId, EntityId: EntityIds[i], Mention: m)));
    }

    /// <summary>
    /// The stored entity for each extracted one of each article, creating entities and alias keys that are new. The
    /// articles are resolved in turn, each against the aliases stored before plus those the articles before it add (as
    /// if each were written alone, one after another); then the new entities and alias keys of them all are inserted
    /// at once, in key order.
    /// </summary>
    private static async Task<Guid[][]> ResolveEntitiesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IReadOnlyList<ExtractedEntity>> articles,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        static IEnumerable<string> KeysOf(ExtractedEntity e) => e.Aliases.Where(a => a.Key is not null).Select(a => a.Key!).Prepend(e.Key);
        var known = await LookUpAsync(connection, transaction,
            [.. articles.SelectMany(entities => entities.SelectMany(e => e.PartOfKey is { } whole ? KeysOf(e).Append(whole) : KeysOf(e))).Distinct()],
            cancellationToken);

        // A new entity's id is chosen here; if another transaction inserts its key first, the stored one replaces it below.
        var created = new Dictionary<Guid, ExtractedEntity>();
        var aliases = new List<(string Key, string Name, Guid Id)>();
        var parts = new List<(Guid Id, Guid Whole)>();
        var ids = new Guid[articles.Count][];
        for (var a = 0; a < articles.Count; a++)
        {
            var entities = articles[a];
            var article = ids[a] = new Guid[entities.Count];
            var createdHere = new Dictionary<string, Guid>();
            for (var i = 0; i < entities.Count; i++)
            {
                if (KeysOf(entities[i]).Select(key => known.GetValueOrDefault(key)).FirstOrDefault(id => id != Guid.Empty) is var id && id != Guid.Empty)
                {
                    article[i] = id;
                }
                else if (!createdHere.TryGetValue(entities[i].Key, out article[i]))
                {
                    article[i] = createdHere[entities[i].Key] = Guid.NewGuid();
                    created[article[i]] = entities[i];
                }
            }
            var added = entities.SelectMany((e, i) => e.Aliases.Where(alias => alias.Key is not null).Select(alias => (Key: alias.Key!, alias.Name, Id: article[i]))
                    .Prepend((Key: e.Key, e.Name, Id: article[i])))
                .Where(alias => !known.ContainsKey(alias.Key))
                .DistinctBy(alias => alias.Key)
                .ToList();
            aliases.AddRange(added);
            foreach (var alias in added)
            {
                known[alias.Key] = alias.Id;
            }
            // What a new entity belongs to (the Kremlin → Russia), when the whole is known once its article's aliases are.
            parts.AddRange(entities.Select((e, i) => (Id: article[i], e.PartOfKey))
                .Where(p => p.PartOfKey is not null && createdHere.ContainsValue(p.Id) && known.ContainsKey(p.PartOfKey))
                .Select(p => (p.Id, Whole: known[p.PartOfKey!])));
        }
        if (created.Count == 0 && aliases.Count == 0)
        {
            return ids;
        }

        var stored = await InsertEntitiesAsync(connection, transaction, created, now, cancellationToken);
        Guid Stored(Guid id) => stored.GetValueOrDefault(id, id);
        var orderedAliases = aliases.OrderBy(alias => alias.Key, StringComparer.Ordinal).ToList();
        await using (var insertAliases = NewCommand(connection, transaction, """
            INSERT INTO entity_aliases (id, entity_id, alias, key)
            SELECT gen_random_uuid(), t.* FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t
            ON CONFLICT (key) DO NOTHING
            """, orderedAliases.Select(a => Stored(a.Id)).ToArray(), orderedAliases.Select(a => Truncate(a.Name, 300)).ToArray(),
            orderedAliases.Select(a => a.Key).ToArray()))
        {
            await insertAliases.ExecuteNonQueryAsync(cancellationToken);
        }
        // Only entities this transaction inserted: updating existing rows here would lock them out of order (see CoverageCounts).
        parts = [.. parts.Where(p => !stored.ContainsKey(p.Id)).Select(p => (p.Id, Stored(p.Whole)))];
        if (parts.Count > 0)
        {
            await using var update = NewCommand(connection, transaction, """
                UPDATE entities AS e SET part_of_entity_id = t.whole
                FROM unnest($1::uuid[], $2::uuid[]) AS t(id, whole)
                WHERE e.id = t.id AND e.part_of_entity_id IS NULL AND t.whole <> e.id
                """, parts.Select(p => p.Id).ToArray(), parts.Select(p => p.Whole).ToArray());
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        return [.. ids.Select(article => article.Select(Stored).ToArray())];
    }

    /// <summary>
    /// Inserts the new entities in key order under the ids chosen for them. Returns, for those whose key another
    /// transaction inserted first (the insert waited for it, then did nothing), the stored entity that replaces them
    /// (its survivor, if it was merged since).
    /// </summary>
    private static async Task<Dictionary<Guid, Guid>> InsertEntitiesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<Guid, ExtractedEntity> created, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var replaced = new Dictionary<Guid, Guid>();
        if (created.Count == 0)
        {
            return replaced;
        }
        var ordered = created.OrderBy(c => c.Value.Key, StringComparer.Ordinal).ToList();
        var byKey = new Dictionary<string, Guid>();
        await using (var insert = NewCommand(connection, transaction, """
            INSERT INTO entities (id, key, canonical_name, type, kind, country_code, latitude, longitude, created_at)
            SELECT t.*, $9 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                       $7::float8[], $8::float8[]) AS t
            ON CONFLICT (key) DO NOTHING
            RETURNING key, id
            """, ordered.Select(c => c.Key).ToArray(), ordered.Select(c => c.Value.Key).ToArray(),
            ordered.Select(c => Truncate(c.Value.Name, 300)).ToArray(), ordered.Select(c => Lower(c.Value.Type)).ToArray(),
            ordered.Select(c => c.Value.Kind is { } kind ? Lower(kind) : null).ToArray(), ordered.Select(c => c.Value.CountryCode).ToArray(),
            ordered.Select(c => c.Value.Latitude).ToArray(), ordered.Select(c => c.Value.Longitude).ToArray(), now))
        {
            await ReadKeysAsync(insert, byKey, cancellationToken);
        }
        var conflicted = ordered.Where(c => !byKey.ContainsKey(c.Value.Key)).ToList();
        if (conflicted.Count > 0)
        {
            var storedByKey = new Dictionary<string, Guid>();
            await using var select = NewCommand(connection, transaction, "SELECT key, coalesce(merged_into_id, id) FROM entities WHERE key = ANY($1)",
                (object)conflicted.Select(c => c.Value.Key).ToArray());
            await ReadKeysAsync(select, storedByKey, cancellationToken);
            foreach (var (id, entity) in conflicted)
            {
                replaced[id] = storedByKey[entity.Key];
            }
        }
        return replaced;
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
