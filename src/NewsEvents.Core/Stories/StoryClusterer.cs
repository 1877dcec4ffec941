using Microsoft.Extensions.Options;
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
    private const int KeyTermsPerStory = 30;
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

    /// <summary>Assigns several articles in turn, each seeing the assignments before it, under one taking of the lock.</summary>
    public async Task AssignAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> articleIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var serialise = NewCommand(connection, transaction, "SELECT pg_advisory_xact_lock($1, $2)", LockClass, AssignmentLock))
        {
            await serialise.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var articleId in articleIds)
        {
            await AssignOneAsync(connection, transaction, articleId, now, cancellationToken);
        }
    }

    private async Task AssignOneAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset published;
        Guid? previous, groupStory;
        string[] terms;
        await using (var load = NewCommand(connection, transaction, $"""
            SELECT a.published_or_ingested_at, a.story_id,
                   (SELECT r.story_id FROM articles AS r
                    WHERE r.story_id IS NOT NULL AND r.id <> a.id AND (r.id = a.duplicate_of OR r.duplicate_of = a.id)
                    ORDER BY r.published_or_ingested_at, r.id LIMIT 1),
                   {KeyTerms("a.key_phrases")}
            FROM articles AS a WHERE a.id = $1
            """, articleId))
        await using (var reader = await load.ExecutePreparedReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return;
            }
            published = reader.GetFieldValue<DateTimeOffset>(0);
            previous = reader.IsDBNull(1) ? null : reader.GetGuid(1);
            groupStory = reader.IsDBNull(2) ? null : reader.GetGuid(2);
            terms = reader.GetFieldValue<string[]>(3);
        }

        // A reprocessed article is judged afresh, on its new extraction, without its own weight in its old story.
        if (previous is { } left)
        {
            await MoveAsync(connection, transaction, [Move(articleId, null)], left, joining: null, now, cancellationToken);
        }

        if ((groupStory ?? await BestMatchAsync(connection, transaction, articleId, published, terms, cancellationToken)) is { } story)
        {
            await MoveAsync(connection, transaction, [Move(articleId, story)], story, joining: articleId, now, cancellationToken);
            return;
        }
        var started = Guid.CreateVersion7(now);
        var start = Command("""
            INSERT INTO stories (id, title, article_count, source_count, first_published_at, last_published_at, key_terms, created_at, updated_at)
            SELECT $2, title, 0, 0, published_or_ingested_at, published_or_ingested_at, '{}', $3, $3 FROM articles WHERE id = $1
            """, articleId, started, now);
        await MoveAsync(connection, transaction, [start, Move(articleId, started)], started, joining: articleId, now, cancellationToken);
    }

    /// <summary>
    /// The most similar story in the window at or above the threshold, or null. Entities are weighted like IDF,
    /// ln(1 + N / articles mentioning it), so sharing "United States" counts for little and sharing a minister's name
    /// for much; a story's side is its centroid, each entity's weight times the share of members mentioning it.
    /// </summary>
    private async Task<Guid?> BestMatchAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId, DateTimeOffset published, string[] terms,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var command = NewCommand(connection, transaction, """
            WITH total AS (SELECT greatest(coalesce(sum(articles), 0), 1)::float8 AS n FROM daily_articles),
            article AS (
                SELECT ae.entity_id, ln(1 + total.n / greatest(e.article_count, 1)) AS weight
                FROM article_entities AS ae JOIN entities AS e ON e.id = ae.entity_id CROSS JOIN total
                WHERE ae.article_id = $1),
            candidates AS (
                SELECT se.story_id FROM story_entities AS se JOIN stories AS s ON s.id = se.story_id
                WHERE se.entity_id IN (SELECT entity_id FROM article) AND s.last_published_at >= $2 AND s.first_published_at <= $3
                GROUP BY se.story_id HAVING count(*) >= $4),
            centroid AS (
                SELECT se.story_id, se.entity_id,
                       ln(1 + total.n / greatest(e.article_count, 1)) * se.article_count / greatest(s.article_count, 1) AS weight
                FROM candidates JOIN story_entities AS se USING (story_id) JOIN stories AS s ON s.id = se.story_id
                JOIN entities AS e ON e.id = se.entity_id CROSS JOIN total)
            SELECT c.story_id, sum(c.weight * coalesce(a.weight, 0)) / nullif(sqrt(sum(c.weight ^ 2)) * (SELECT sqrt(sum(weight ^ 2)) FROM article), 0),
                   s.key_terms
            FROM centroid AS c LEFT JOIN article AS a USING (entity_id) JOIN stories AS s ON s.id = c.story_id
            GROUP BY c.story_id, s.key_terms
            HAVING count(a.entity_id) >= $4
            """, articleId, published - settings.Window, published + settings.Window, settings.MinSharedEntities);
        await using var reader = await command.ExecutePreparedReaderAsync(cancellationToken);
        Guid? best = null;
        var bestScore = settings.Threshold;
        while (await reader.ReadAsync(cancellationToken))
        {
            var entities = reader.IsDBNull(1) ? 0 : reader.GetDouble(1);
            var score = Similarity(entities, terms, reader.GetFieldValue<string[]>(2), settings.EntityWeight);
            if (score >= bestScore)
            {
                (best, bestScore) = (reader.GetGuid(0), score);
            }
        }
        return best;
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

    private static NpgsqlBatchCommand Move(Guid articleId, Guid? story) =>
        Command("UPDATE articles SET story_id = $2 WHERE id = $1", articleId, story);

    /// <summary>
    /// Moves an article (<paramref name="moves"/>), then recounts <paramref name="story"/>, the one it left or joined,
    /// from its members (deleting it when none are left): exact whatever happened before, at the cost of reading the
    /// members, which the index on articles.story_id keeps to the story itself. One round trip. The story's entities
    /// are recounted the same way when an article left; when <paramref name="joining"/> joined, its own entities are
    /// added to them, which is the same count and, unlike the recount, does not read every member's entities.
    /// </summary>
    private static async Task MoveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, NpgsqlBatchCommand[] moves, Guid story, Guid? joining, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var move in moves)
        {
            batch.BatchCommands.Add(move);
        }
        batch.BatchCommands.Add(Command($"""
            UPDATE stories AS s
            SET article_count = m.articles, source_count = m.sources, first_published_at = m.first, last_published_at = m.last,
                title = m.title, updated_at = $2,
                key_terms = ARRAY(
                    SELECT term FROM articles AS a, unnest({KeyTerms("a.key_phrases")}) AS term
                    WHERE a.story_id = $1 GROUP BY term ORDER BY count(*) DESC, term LIMIT {KeyTermsPerStory})
            FROM (SELECT count(*)::int AS articles, count(DISTINCT coalesce(source_id, id))::int AS sources,
                         min(published_or_ingested_at) AS first, max(published_or_ingested_at) AS last,
                         (array_agg(title ORDER BY published_or_ingested_at, id))[1] AS title
                  FROM articles WHERE story_id = $1) AS m
            WHERE s.id = $1 AND m.articles > 0
            """, story, now));
        batch.BatchCommands.Add(Command("DELETE FROM stories AS s WHERE s.id = $1 AND NOT EXISTS (SELECT FROM articles WHERE story_id = $1)", story));
        if (joining is { } article)
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO story_entities AS se (story_id, entity_id, article_count)
                SELECT $1, entity_id, 1 FROM article_entities WHERE article_id = $2
                ON CONFLICT (story_id, entity_id) DO UPDATE SET article_count = se.article_count + 1
                """, story, article));
        }
        else
        {
            batch.BatchCommands.Add(Command("DELETE FROM story_entities WHERE story_id = $1", story));
            batch.BatchCommands.Add(Command("""
                INSERT INTO story_entities (story_id, entity_id, article_count)
                SELECT $1, ae.entity_id, count(*) FROM article_entities AS ae JOIN articles AS a ON a.id = ae.article_id
                WHERE a.story_id = $1 GROUP BY ae.entity_id
                """, story));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>SQL for the stemmed, stop-word-free words of a key_phrases column: what term similarity compares.</summary>
    private static string KeyTerms(string keyPhrases) =>
        $"tsvector_to_array(to_tsvector('{Config}', array_to_string(coalesce({keyPhrases}, '{{}}'), ' ')))";
}
