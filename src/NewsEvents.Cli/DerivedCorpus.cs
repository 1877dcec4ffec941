using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Core.Articles;
using Npgsql;
using NpgsqlTypes;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// Builds a derived store of N articles for scale benchmarks without running the extractor N times: a sample of the
/// real corpus goes through the real pipeline once, then each derived article joins the leading paragraphs of one
/// sample article to the trailing paragraphs of another, under a new date and a derived source, and carries the
/// extraction rows (mentions, entities, events, quotes) of the paragraphs it kept, their offsets re-based. The
/// pre-aggregated tables are then recomputed from scratch with the same definitions processing maintains.
/// </summary>
internal static class DerivedCorpus
{
    /// <summary>Every derived source's name starts with this, so derived articles can be told from real ones.</summary>
    public const string SourcePrefix = "derived · ";

    private const string ParagraphBreak = "\n\n";
    private const int ChunkSize = 20_000;
    private static readonly DateTimeOffset FirstDay = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastDay = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> GenerateAsync(Options options)
    {
        var count = options.GetInt("articles", 100_000);
        var sampleSize = options.GetInt("sample", 2000);
        var sourceCount = options.GetInt("sources", 40);
        var corpora = options.GetAll("corpus") is { Count: > 0 } named
            ? named
            : Directory.GetFiles(Path.GetDirectoryName(Corpus.DefaultPath)!, "*.ndjson").Order().ToList();

        await using var store = await BenchmarkStore.OpenAsync(options, count);
        using var host = await Pipeline.BuildMigratedAsync(store.ConnectionString, Environment.ProcessorCount);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var resume = options.Has("resume");
        if (await BenchmarkStore.ScalarAsync<long>(dataSource, "SELECT count(*) FROM articles") is var existing and > 0 && !resume)
        {
            throw new ArgumentException(Invariant($"{store.Description} already holds {existing} articles; name a new --store, or --resume"));
        }
        Console.WriteLine(Invariant($"Store: {store.Description}"));

        var clock = Stopwatch.StartNew();
        var (alreadyDerived, _) = await CountAsync(dataSource);
        // A resumed run draws new combinations rather than replaying the first run's.
        var random = new Random(options.GetInt("seed", 1) + (int)alreadyDerived);
        if (alreadyDerived == 0)
        {
            await Pipeline.EnqueueAsync(host, Interleave(corpora.Select(Corpus.Read)).Take(sampleSize));
            await Pipeline.ProcessQueueAsync(host);
        }
        var seeds = await LoadSeedsAsync(dataSource);
        Console.WriteLine(alreadyDerived == 0
            ? Invariant($"Extracted {seeds.Count} sample articles from {string.Join(", ", corpora)} through the real pipeline in {clock.Elapsed.TotalSeconds:F0} s")
            : Invariant($"Resuming after {alreadyDerived} derived articles, from the store's {seeds.Count} sample articles"));
        if ((long)seeds.Count * (seeds.Count - 1) < count)
        {
            throw new ArgumentException(Invariant($"{seeds.Count} sample articles cannot make {count} distinct derived ones; raise --sample"));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var sourceIds = alreadyDerived == 0 ? await CreateSourcesAsync(connection, sourceCount) : await LoadSourcesAsync(connection);
        await ExecuteAsync(connection, """
            CREATE TEMP TABLE derived_plan (
                id uuid PRIMARY KEY, seed_a uuid NOT NULL, a_end int NOT NULL, a_days int NOT NULL,
                seed_b uuid NOT NULL, b_start int NOT NULL, b_days int NOT NULL,
                title text NOT NULL, body text NOT NULL, content_hash bytea NOT NULL,
                published_at timestamptz NOT NULL, source_id uuid NOT NULL)
            """);
        var used = new HashSet<(int, int, int, int)>();
        var stageSeconds = new double[DeriveStatements.Length];
        // A resumed run cannot know which combinations the first one used; a repeated one has the same content hash and
        // is skipped by the insert, as a duplicate would be.
        for (var done = (int)alreadyDerived; done < count; done += ChunkSize)
        {
            var plans = Enumerable.Range(0, Math.Min(ChunkSize, count - done)).Select(_ => Plan(seeds, sourceIds, random, used)).ToList();
            // One transaction per chunk, so an interrupted run leaves whole articles and --resume can carry on.
            await using var chunk = await connection.BeginTransactionAsync();
            await CopyAsync(connection, plans);
            await ExecuteAsync(connection, "ANALYZE derived_plan");
            for (var i = 0; i < DeriveStatements.Length; i++)
            {
                var statement = Stopwatch.StartNew();
                await ExecuteAsync(connection, DeriveStatements[i]);
                stageSeconds[i] += statement.Elapsed.TotalSeconds;
            }
            await ExecuteAsync(connection, "TRUNCATE derived_plan");
            await chunk.CommitAsync();
            Console.WriteLine(Invariant($"{done + plans.Count} derived articles written ({clock.Elapsed.TotalSeconds:F0} s)"));
        }
        // The pool does not reset sessions (StoreConnections), so a temporary table would outlive this command's use.
        await ExecuteAsync(connection, "DROP TABLE derived_plan");
        Console.WriteLine(Invariant($"Seconds per table: {string.Join(", ", DerivedTables.Zip(stageSeconds, (table, seconds) => $"{table} {seconds:F0}"))}"));
        var aggregates = Stopwatch.StartNew();
        foreach (var sql in AggregateStatements)
        {
            await ExecuteAsync(connection, sql);
        }
        await ExecuteAsync(connection, "VACUUM ANALYZE");
        var total = await BenchmarkStore.ScalarAsync<long>(dataSource, "SELECT count(*) FROM articles");
        var (derived, _) = await CountAsync(dataSource);
        Console.WriteLine(Invariant($"Aggregates recomputed and vacuumed in {aggregates.Elapsed.TotalSeconds:F0} s"));
        Console.WriteLine(Invariant($"Done in {clock.Elapsed.TotalSeconds:F0} s: {total} articles, {derived} of them derived (sources named '{SourcePrefix}…')"));
        return 0;
    }

    /// <summary>How many derived articles the store holds, and the last day they cover.</summary>
    public static async Task<(long Count, DateOnly? LastDay)> CountAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT count(*), max(a.published_or_ingested_at AT TIME ZONE 'UTC')::date
            FROM articles AS a JOIN sources AS s ON s.id = a.source_id WHERE starts_with(s.name, $1)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = SourcePrefix });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1));
    }

    private sealed record Seed(Guid Id, string Title, string Body, DateOnly Day, int[] ParagraphEnds);

    private sealed record DerivedArticle(
        Guid Id, Seed A, int AEnd, int ADays, Seed B, int BStart, int BDays, string Body, DateTimeOffset PublishedAt, Guid SourceId);

    /// <summary>Round-robin over the corpora, so a sample mixes their styles and topics.</summary>
    private static IEnumerable<NewArticle> Interleave(IEnumerable<IEnumerable<NewArticle>> corpora)
    {
        var readers = corpora.Select(c => c.GetEnumerator()).ToList();
        while (readers.Count > 0)
        {
            foreach (var reader in readers.ToList())
            {
                if (reader.MoveNext())
                {
                    yield return reader.Current;
                }
                else
                {
                    reader.Dispose();
                    readers.Remove(reader);
                }
            }
        }
    }

    private static async Task<List<Seed>> LoadSeedsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, title, body, (published_or_ingested_at AT TIME ZONE 'UTC')::date FROM articles
            WHERE status = 'processed' AND EXISTS (SELECT 1 FROM article_entities WHERE article_id = articles.id)
              AND NOT EXISTS (SELECT 1 FROM sources AS s WHERE s.id = articles.source_id AND starts_with(s.name, $1))
            ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = SourcePrefix });
        await using var reader = await command.ExecuteReaderAsync();
        var seeds = new List<Seed>();
        while (await reader.ReadAsync())
        {
            var body = reader.GetString(2);
            var ends = new List<int>();
            for (var at = body.IndexOf(ParagraphBreak, StringComparison.Ordinal); at > 0; at = body.IndexOf(ParagraphBreak, at + 1, StringComparison.Ordinal))
            {
                ends.Add(at);
            }
            ends.Add(body.Length);
            seeds.Add(new Seed(reader.GetGuid(0), reader.GetString(1), body, reader.GetFieldValue<DateOnly>(3), [.. ends]));
        }
        return seeds;
    }

    private static async Task<Guid[]> CreateSourcesAsync(NpgsqlConnection connection, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var command = new NpgsqlCommand("""
            INSERT INTO sources (id, name, created_at)
            SELECT id, $2 || 'source ' || lpad(n::text, 3, '0'), now() FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        command.Parameters.Add(new NpgsqlParameter { Value = SourcePrefix });
        await command.ExecuteNonQueryAsync();
        return ids;
    }

    private static async Task<Guid[]> LoadSourcesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT id FROM sources WHERE starts_with(name, $1) ORDER BY name", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = SourcePrefix });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return [.. ids];
    }

    /// <summary>Leading paragraphs of A, then trailing paragraphs of B (another article), never a combination already used.</summary>
    private static DerivedArticle Plan(List<Seed> seeds, Guid[] sourceIds, Random random, HashSet<(int, int, int, int)> used)
    {
        while (true)
        {
            var (a, b) = (random.Next(seeds.Count), random.Next(seeds.Count));
            var (seedA, seedB) = (seeds[a], seeds[b]);
            var aEnd = seedA.ParagraphEnds[random.Next(seedA.ParagraphEnds.Length)];
            // B's paragraphs start at 0 or after a break; the last "end" is the body's length, not a break.
            var bStartIndex = random.Next(seedB.ParagraphEnds.Length);
            var bStart = bStartIndex == 0 ? 0 : seedB.ParagraphEnds[bStartIndex - 1] + ParagraphBreak.Length;
            if (a == b || !used.Add((a, aEnd, b, bStart)))
            {
                continue;
            }
            var published = FirstDay.AddSeconds(random.NextDouble() * (LastDay - FirstDay).TotalSeconds);
            var day = DateOnly.FromDateTime(published.UtcDateTime);
            // Skewed towards the first sources, as real coverage is.
            var source = sourceIds[(int)(sourceIds.Length * Math.Pow(random.NextDouble(), 2))];
            return new DerivedArticle(Guid.CreateVersion7(published), seedA, aEnd, day.DayNumber - seedA.Day.DayNumber,
                seedB, bStart, day.DayNumber - seedB.Day.DayNumber,
                string.Concat(seedA.Body.AsSpan(0, aEnd), ParagraphBreak, seedB.Body.AsSpan(bStart)), published, source);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, List<DerivedArticle> plans)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY derived_plan (id, seed_a, a_end, a_days, seed_b, b_start, b_days, title, body, content_hash, published_at, source_id)
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var plan in plans)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(plan.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(plan.A.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(plan.AEnd, NpgsqlDbType.Integer);
            await writer.WriteAsync(plan.ADays, NpgsqlDbType.Integer);
            await writer.WriteAsync(plan.B.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(plan.BStart, NpgsqlDbType.Integer);
            await writer.WriteAsync(plan.BDays, NpgsqlDbType.Integer);
            await writer.WriteAsync(plan.A.Title, NpgsqlDbType.Text);
            await writer.WriteAsync(plan.Body, NpgsqlDbType.Text);
            await writer.WriteAsync(ContentHash.Compute(plan.A.Title, plan.Body), NpgsqlDbType.Bytea);
            await writer.WriteAsync(plan.PublishedAt, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(plan.SourceId, NpgsqlDbType.Uuid);
        }
        await writer.CompleteAsync();
    }

    /// <summary>
    /// Rows of <paramref name="table"/> that stay true in the derived article: A's title rows and the body rows inside
    /// its kept paragraphs, then B's body rows inside its kept paragraphs, shifted to where they now start.
    /// {shift} (characters) and {days} (for dates) stand for the part's offsets in <paramref name="select"/>.
    /// </summary>
    private static string Recombined(string insert, string select, string table, string start, string end) => $"""
        {insert}
        SELECT {select.Replace("{shift}", "0", StringComparison.Ordinal).Replace("{days}", "p.a_days", StringComparison.Ordinal)}
        FROM derived_plan AS p JOIN {table} AS s ON s.article_id = p.seed_a AND (s.field = 'title' OR s.{end} <= p.a_end)
        UNION ALL
        SELECT {select.Replace("{shift}", "p.a_end + 2 - p.b_start", StringComparison.Ordinal).Replace("{days}", "p.b_days", StringComparison.Ordinal)}
        FROM derived_plan AS p JOIN {table} AS s ON s.article_id = p.seed_b AND s.field = 'body' AND s.{start} >= p.b_start
        """;

    private static readonly string[] DerivedTables = ["articles", "mentions", "article_entities", "quotes", "events"];

    private static readonly string[] DeriveStatements =
    [
        // Same content twice (possible when the corpus holds copies): keep the first, as ingestion would.
        """
        WITH inserted AS (
            INSERT INTO articles (id, source_id, title, body, language, published_at, ingested_at, content_hash, status,
                                  extractor_version, processed_at, tone, key_phrases)
            SELECT p.id, p.source_id, p.title, p.body, a.language, p.published_at, p.published_at, p.content_hash, 'processed',
                   a.extractor_version, p.published_at, a.tone, a.key_phrases
            FROM derived_plan AS p JOIN articles AS a ON a.id = p.seed_a
            ON CONFLICT DO NOTHING
            RETURNING id)
        DELETE FROM derived_plan AS p WHERE NOT EXISTS (SELECT 1 FROM inserted AS i WHERE i.id = p.id)
        """,
        Recombined("""INSERT INTO mentions (id, article_id, entity_id, field, start, "end", text)""",
            """gen_random_uuid(), p.id, s.entity_id, s.field, s.start + {shift}, s."end" + {shift}, s.text""", "mentions", "start", "\"end\""),
        // Presence, as processing derives it from the mentions; titles are those the source articles gave the entity.
        """
        INSERT INTO article_entities (article_id, entity_id, mention_count, titles, tone)
        SELECT c.article_id, c.entity_id, c.mentions,
               ARRAY(SELECT DISTINCT t.title FROM unnest(coalesce(sa.titles, '{}') || coalesce(sb.titles, '{}')) AS t(title)),
               coalesce(a.tone, 0)
        FROM (SELECT m.article_id, m.entity_id, count(*)::int AS mentions
              FROM derived_plan AS p JOIN mentions AS m ON m.article_id = p.id GROUP BY 1, 2) AS c
        JOIN derived_plan AS p ON p.id = c.article_id
        JOIN articles AS a ON a.id = p.seed_a
        LEFT JOIN article_entities AS sa ON sa.article_id = p.seed_a AND sa.entity_id = c.entity_id
        LEFT JOIN article_entities AS sb ON sb.article_id = p.seed_b AND sb.entity_id = c.entity_id
        """,
        Recombined("""INSERT INTO quotes (id, article_id, speaker_entity_id, text, field, start, "end", cue, is_direct, published_or_ingested_at)""",
            """gen_random_uuid(), p.id, s.speaker_entity_id, s.text, s.field, s.start + {shift}, s."end" + {shift}, s.cue, s.is_direct, p.published_at""",
            "quotes", "start", "\"end\""),
        // Dates move with the article, so "yesterday" in the text stays the day before publication.
        Recombined("""
            INSERT INTO events (id, article_id, type_code, actor_entity_id, target_entity_id, location_entity_id, occurred_on, modality,
                                sentence, field, sentence_start, sentence_end, cue, confidence, tone, event_day)
            """,
            """
            gen_random_uuid(), p.id, s.type_code, s.actor_entity_id, s.target_entity_id, s.location_entity_id, s.occurred_on + {days},
            s.modality, s.sentence, s.field, s.sentence_start + {shift}, s.sentence_end + {shift}, s.cue, s.confidence, s.tone,
            s.event_day + {days}
            """, "events", "sentence_start", "sentence_end"),
    ];

    /// <summary>The aggregates of ArticleIngestor and CoverageCounts, computed over the whole store at once.</summary>
    private static readonly string[] AggregateStatements =
    [
        "TRUNCATE daily_articles, source_daily_articles, entity_daily_mentions, entity_titles, entity_pairs",
        """
        INSERT INTO daily_articles (day, articles)
        SELECT (published_or_ingested_at AT TIME ZONE 'UTC')::date, count(*) FROM articles GROUP BY 1
        """,
        """
        INSERT INTO source_daily_articles (source_id, day, articles)
        SELECT source_id, (published_or_ingested_at AT TIME ZONE 'UTC')::date, count(*) FROM articles
        WHERE source_id IS NOT NULL GROUP BY 1, 2
        """,
        """
        UPDATE entities AS e SET article_count = c.articles, mention_count = c.mentions, first_seen = c.first_seen, last_seen = c.last_seen
        FROM (SELECT ae.entity_id, count(*) AS articles, sum(ae.mention_count) AS mentions,
                     min(a.published_or_ingested_at) AS first_seen, max(a.published_or_ingested_at) AS last_seen
              FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id GROUP BY ae.entity_id) AS c
        WHERE e.id = c.entity_id
        """,
        """
        INSERT INTO entity_daily_mentions (entity_id, day, articles, mentions, tone_sum)
        SELECT ae.entity_id, (a.published_or_ingested_at AT TIME ZONE 'UTC')::date, count(*), sum(ae.mention_count), sum(ae.tone)
        FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id GROUP BY 1, 2
        """,
        """
        INSERT INTO entity_titles (entity_id, title, articles)
        SELECT ae.entity_id, title, count(*) FROM article_entities AS ae CROSS JOIN LATERAL unnest(ae.titles) AS title GROUP BY 1, 2
        """,
        $"""
        WITH ranked AS (
            SELECT article_id, entity_id,
                   row_number() OVER (PARTITION BY article_id ORDER BY mention_count DESC, entity_id) AS rank
            FROM article_entities),
        top AS (SELECT article_id, entity_id FROM ranked WHERE rank <= {Core.Ingestion.CoverageCounts.MaxPairedEntities})
        INSERT INTO entity_pairs (entity_a, entity_b, articles)
        SELECT x.entity_id, y.entity_id, count(*) FROM top AS x JOIN top AS y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
        GROUP BY 1, 2
        """,
    ];

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
