using Microsoft.Extensions.Options;
using NewsEvents.Core.Data;
using Npgsql;
using static NewsEvents.Core.Data.PositionalSql;

namespace NewsEvents.Core.Stories;

/// <summary>
/// Puts a processed article into a story, inside the transaction that stores its extraction (so the entities and key
/// phrases it is compared on are the ones just written). A near-duplicate joins the story of its group. Any other
/// article is compared with the stories whose span comes within <see cref="StoryOptions.Window"/> of its publication
/// time and which share at least <see cref="StoryOptions.MinSharedEntities"/> entities with it, and joins the most
/// similar one if that reaches <see cref="StoryOptions.Threshold"/>; otherwise it starts a story of its own. See docs/decisions/012-stories.md.
/// </summary>
public sealed class StoryClusterer(IOptions<StoryOptions> options)
{
    // Two-key advisory locks live apart from the single-key ones the near-duplicate linker takes, so they never collide.
    private const int LockClass = 0x53544f52; // "STOR"
    private const int AssignmentLock = 1;
    internal const int KeyTermsPerStory = 30;
    private const string Config = Data.NewsEventsDbContext.TextSearchConfiguration;

    /// <summary>
    /// Assigns the article to a story and brings the aggregates of the stories it left and joined up to date.
    /// Assignments are serialised by one transaction-scoped advisory lock: two related articles processed at once
    /// must not both miss each other and start two stories, and the lock is taken last in the transaction (after every
    /// row lock processing takes), so it adds no deadlock, only a short queue at commit.
    /// </summary>
    public Task AssignAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, DateTimeOffset now, CancellationToken cancellationToken) =>
        AssignAsync(connection, transaction, [articleId], now, cancellationToken);

    /// <summary>
    /// Assigns several articles in turn, each seeing the assignments before it, under one taking of the lock. The
    /// stories they may join are read once, with their centroids; the articles are matched against them in memory,
    /// where each assignment updates its story for the next article; and the assignments are written with a few
    /// set-based statements. Within a batch, an older story's key terms stay the stored ones until the batch is
    /// written (its entities, counts and span are kept exact); stories the batch starts have theirs kept in memory.
    /// </summary>
    public async Task AssignAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> articleIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await SerialiseAsync(connection, transaction, cancellationToken);
        var articles = await LoadArticlesAsync(connection, transaction, articleIds, cancellationToken);
        if (articles.Where(a => a.Previous is not null).ToList() is { Count: > 0 } reprocessed)
        {
            // A reprocessed article is judged afresh, on its new extraction, without its own weight in its old story.
            await using var leave = new NpgsqlBatch(connection, transaction);
            leave.BatchCommands.Add(Command("UPDATE articles SET story_id = NULL WHERE id = ANY($1)", (object)reprocessed.Select(a => a.Id).ToArray()));
            Guid[] left = [.. reprocessed.Select(a => a.Previous!.Value).Distinct()];
            AddRecount(leave, left, now);
            leave.BatchCommands.Add(Command(
                "DELETE FROM stories AS s WHERE s.id = ANY($1) AND NOT EXISTS (SELECT FROM articles WHERE story_id = s.id)", (object)left));
            // The entities it was counted with may no longer be its stored ones: recounted, not subtracted.
            AddEntityRecount(leave, left);
            await leave.ExecuteNonQueryAsync(cancellationToken);
        }

        var stories = await LoadCandidatesAsync(connection, transaction, articles, cancellationToken);
        var settings = options.Value;
        var assigned = new List<(ArticleToAssign Article, StoryCentroid Story)>();
        foreach (var article in articles)
        {
            var story = GroupStory(article, assigned, stories) ?? BestMatch(article, stories.Values, settings);
            if (story is null)
            {
                story = new StoryCentroid(Guid.CreateVersion7(now), started: true, 0, article.Published, article.Published, [], []);
                stories[story.Id] = story;
            }
            story.Add(article);
            assigned.Add((article, story));
        }
        await WriteAsync(connection, transaction, assigned, now, cancellationToken);
    }

    private static async Task<List<ArticleToAssign>> LoadArticlesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> articleIds, CancellationToken cancellationToken)
    {
        // The group's story comes from members outside the batch; members inside it are assigned in memory. Each
        // entity's count is read by its key: a join let a young table's statistics pick a scan of every entity.
        await using var command = NewCommand(connection, transaction, $"""
            WITH total AS (SELECT greatest(coalesce(sum(articles), 0), 1)::float8 AS n FROM daily_articles)
            SELECT a.id, a.published_or_ingested_at, a.story_id, a.duplicate_of,
                   (SELECT r.story_id FROM articles AS r
                    WHERE r.story_id IS NOT NULL AND r.id <> ALL($1) AND (r.id = a.duplicate_of OR r.duplicate_of = a.id)
                    ORDER BY r.published_or_ingested_at, r.id LIMIT 1),
                   {KeyTerms("a.key_phrases")},
                   ARRAY(SELECT ae.entity_id FROM article_entities AS ae WHERE ae.article_id = a.id ORDER BY ae.entity_id),
                   ARRAY(SELECT ln(1 + total.n / greatest((SELECT e.article_count FROM entities AS e WHERE e.id = ae.entity_id), 1))
                         FROM article_entities AS ae WHERE ae.article_id = a.id ORDER BY ae.entity_id)
            FROM unnest($1::uuid[]) WITH ORDINALITY AS b(id, position) JOIN articles AS a ON a.id = b.id CROSS JOIN total
            ORDER BY b.position
            """, (object)articleIds.ToArray());
        await using var reader = await command.ExecutePreparedReaderAsync(cancellationToken);
        var articles = new List<ArticleToAssign>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var entities = reader.GetFieldValue<Guid[]>(6);
            var weights = reader.GetFieldValue<double[]>(7);
            articles.Add(new ArticleToAssign(
                reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), NullableGuid(reader, 2), NullableGuid(reader, 3), NullableGuid(reader, 4),
                reader.GetFieldValue<string[]>(5), entities.Zip(weights).ToDictionary(e => e.First, e => e.Second)));
        }
        return articles;
    }

    /// <summary>
    /// The stories any of the articles may join, with their centroids: those in an article's window sharing enough
    /// entities with it, and the stories of their near-duplicate groups. A story sharing too few entities before the
    /// batch cannot share enough with an article after it unless an article of the batch joined it, and then it is here.
    /// </summary>
    private async Task<Dictionary<Guid, StoryCentroid>> LoadCandidatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<ArticleToAssign> articles, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var command = NewCommand(connection, transaction, """
            WITH total AS (SELECT greatest(coalesce(sum(articles), 0), 1)::float8 AS n FROM daily_articles),
            candidates AS (
                SELECT se.story_id
                FROM unnest($1::uuid[], $2::timestamptz[]) AS b(id, published)
                JOIN article_entities AS ae ON ae.article_id = b.id
                JOIN story_entities AS se ON se.entity_id = ae.entity_id
                JOIN stories AS s ON s.id = se.story_id
                WHERE s.last_published_at >= b.published - $3::interval AND s.first_published_at <= b.published + $3::interval
                GROUP BY b.id, se.story_id HAVING count(*) >= $4
                UNION
                SELECT unnest($5::uuid[]))
            SELECT s.id, s.article_count, s.first_published_at, s.last_published_at, s.key_terms,
                   coalesce(array_agg(se.entity_id ORDER BY se.entity_id) FILTER (WHERE se.entity_id IS NOT NULL), '{}'),
                   coalesce(array_agg(se.article_count ORDER BY se.entity_id) FILTER (WHERE se.entity_id IS NOT NULL), '{}'),
                   coalesce(array_agg(ln(1 + total.n / greatest(e.article_count, 1)) ORDER BY se.entity_id) FILTER (WHERE se.entity_id IS NOT NULL), '{}')
            FROM candidates AS c JOIN stories AS s ON s.id = c.story_id CROSS JOIN total
            LEFT JOIN story_entities AS se ON se.story_id = s.id LEFT JOIN entities AS e ON e.id = se.entity_id
            GROUP BY s.id
            """, articles.Select(a => a.Id).ToArray(), articles.Select(a => a.Published).ToArray(), settings.Window, settings.MinSharedEntities,
            articles.Where(a => a.GroupStory is not null).Select(a => a.GroupStory!.Value).ToArray());
        await using var reader = await command.ExecutePreparedReaderAsync(cancellationToken);
        var stories = new Dictionary<Guid, StoryCentroid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (entities, counts, weights) = (reader.GetFieldValue<Guid[]>(5), reader.GetFieldValue<int[]>(6), reader.GetFieldValue<double[]>(7));
            var centroid = entities.Select((entity, i) => (entity, counts[i], weights[i])).ToDictionary(e => e.entity, e => (e.Item2, e.Item3));
            var story = new StoryCentroid(reader.GetGuid(0), started: false, reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<string[]>(4), centroid);
            stories[story.Id] = story;
        }
        return stories;
    }

    /// <summary>The story of the article's near-duplicate group: a stored member's, or that of a member assigned earlier in the batch.</summary>
    private static StoryCentroid? GroupStory(
        ArticleToAssign article, List<(ArticleToAssign Article, StoryCentroid Story)> assigned, Dictionary<Guid, StoryCentroid> stories) =>
        article.GroupStory is { } stored && stories.TryGetValue(stored, out var story)
            ? story
            : assigned.Where(a => a.Article.Id == article.DuplicateOf || a.Article.DuplicateOf == article.Id).Select(a => a.Story).FirstOrDefault();

    /// <summary>
    /// The most similar candidate at or above the threshold, or null. Entities are weighted like IDF,
    /// ln(1 + N / articles mentioning it), so sharing "United States" counts for little and sharing a minister's name
    /// for much; a story's side is its centroid, each entity's weight times the share of members mentioning it.
    /// </summary>
    private static StoryCentroid? BestMatch(ArticleToAssign article, IEnumerable<StoryCentroid> stories, StoryOptions settings)
    {
        StoryCentroid? best = null;
        var bestScore = settings.Threshold;
        foreach (var story in stories)
        {
            if (story.EntityCosine(article, settings.Window, settings.MinSharedEntities) is { } entities
                && Similarity(entities, article.Terms, story.KeyTerms, settings.EntityWeight) is var score && score >= bestScore)
            {
                (best, bestScore) = (story, score);
            }
        }
        return best;
    }

    /// <summary>
    /// Writes the assignments: the stories the batch started, each article's story, the joined stories' entity
    /// counts (the joining articles' entities added), then their other aggregates recounted from their members.
    /// </summary>
    private static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(ArticleToAssign Article, StoryCentroid Story)> assigned,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var starts = assigned.Where(a => a.Story.Started).DistinctBy(a => a.Story.Id).ToList();
        var (articleIds, storyIds) = (assigned.Select(a => a.Article.Id).ToArray(), assigned.Select(a => a.Story.Id).ToArray());
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command("""
            INSERT INTO stories (id, title, article_count, source_count, first_published_at, last_published_at, key_terms, created_at, updated_at)
            SELECT t.story, a.title, 0, 0, a.published_or_ingested_at, a.published_or_ingested_at, '{}', $3, $3
            FROM unnest($1::uuid[], $2::uuid[]) AS t(story, article) JOIN articles AS a ON a.id = t.article
            """, starts.Select(s => s.Story.Id).ToArray(), starts.Select(s => s.Article.Id).ToArray(), now));
        batch.BatchCommands.Add(Command("""
            UPDATE articles AS a SET story_id = t.story FROM unnest($1::uuid[], $2::uuid[]) AS t(id, story) WHERE a.id = t.id
            """, articleIds, storyIds));
        batch.BatchCommands.Add(Command("""
            INSERT INTO story_entities AS se (story_id, entity_id, article_count)
            SELECT t.story, ae.entity_id, count(*)
            FROM unnest($1::uuid[], $2::uuid[]) AS t(id, story) JOIN article_entities AS ae ON ae.article_id = t.id
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (story_id, entity_id) DO UPDATE SET article_count = se.article_count + excluded.article_count
            """, articleIds, storyIds));
        AddRecount(batch, [.. storyIds.Distinct()], now);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The weighted sum of the entity cosine and the cosine of the two key-term sets (|A ∩ B| / √(|A|·|B|)), 0 to 1.
    /// </summary>
    internal static double Similarity(double entityCosine, IReadOnlyCollection<string> articleTerms, IReadOnlyCollection<string> storyTerms, double entityWeight)
    {
        var termCosine = articleTerms.Count == 0 || storyTerms.Count == 0
            ? 0
            : articleTerms.Intersect(storyTerms, StringComparer.Ordinal).Count() / Math.Sqrt((double)articleTerms.Count * storyTerms.Count);
        return (entityWeight * entityCosine) + ((1 - entityWeight) * termCosine);
    }

    /// <summary>
    /// Recounts the stories' counts, span, title and key terms from their members: exact whatever happened before, at
    /// the cost of reading the members, which the index on articles.story_id keeps to the stories themselves. Their
    /// entity centroids are kept apart (<see cref="AddEntityRecount"/>): a joining article's entities are added to them.
    /// </summary>
    private static void AddRecount(NpgsqlBatch batch, Guid[] stories, DateTimeOffset now)
    {
        batch.BatchCommands.Add(Command($"""
            UPDATE stories AS s
            SET article_count = m.articles, source_count = m.sources, first_published_at = m.first, last_published_at = m.last,
                title = m.title, updated_at = $2,
                key_terms = ARRAY(
                    SELECT term FROM articles AS a, unnest({KeyTerms("a.key_phrases")}) AS term
                    WHERE a.story_id = s.id GROUP BY term ORDER BY count(*) DESC, term LIMIT {KeyTermsPerStory})
            FROM unnest($1::uuid[]) AS t(id)
            CROSS JOIN LATERAL (
                SELECT count(*)::int AS articles, count(DISTINCT coalesce(source_id, id))::int AS sources,
                       min(published_or_ingested_at) AS first, max(published_or_ingested_at) AS last,
                       (array_agg(title ORDER BY published_or_ingested_at, id))[1] AS title
                FROM articles WHERE story_id = t.id) AS m
            WHERE s.id = t.id AND m.articles > 0
            """, stories, now));
    }

    /// <summary>
    /// Recounts the entity centroids of the stories these articles belong to, after a curator moved the articles'
    /// entities (a merge or a split): a story's centroid only gains joining articles' entities, so it would keep the old
    /// ids. Under the assignment lock, so no batch is matching against those centroids meanwhile; curation takes it
    /// after its entity locks, in the same order as processing.
    /// </summary>
    internal static async Task RecountEntitiesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] articleIds, CancellationToken cancellationToken)
    {
        await SerialiseAsync(connection, transaction, cancellationToken);
        Guid[] stories;
        await using (var select = NewCommand(connection, transaction,
            "SELECT coalesce(array_agg(DISTINCT story_id) FILTER (WHERE story_id IS NOT NULL), '{}') FROM articles WHERE id = ANY($1)",
            (object)articleIds))
        {
            stories = (Guid[])(await select.ExecuteScalarAsync(cancellationToken))!;
        }
        if (stories.Length == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        AddEntityRecount(batch, stories);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddEntityRecount(NpgsqlBatch batch, Guid[] stories)
    {
        batch.BatchCommands.Add(Command("DELETE FROM story_entities WHERE story_id = ANY($1)", (object)stories));
        batch.BatchCommands.Add(Command("""
            INSERT INTO story_entities (story_id, entity_id, article_count)
            SELECT a.story_id, ae.entity_id, count(*) FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
            WHERE a.story_id = ANY($1) GROUP BY 1, 2
            """, (object)stories));
    }

    /// <summary>Takes the assignment lock, held to the end of the transaction.</summary>
    private static async Task SerialiseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var serialise = NewCommand(connection, transaction, "SELECT pg_advisory_xact_lock($1, $2)", LockClass, AssignmentLock);
        await serialise.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Guid? NullableGuid(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    /// <summary>SQL for the stemmed, stop-word-free words of a key_phrases column: what term similarity compares.</summary>
    private static string KeyTerms(string keyPhrases) =>
        $"tsvector_to_array(to_tsvector('{Config}', array_to_string(coalesce({keyPhrases}, '{{}}'), ' ')))";
}
