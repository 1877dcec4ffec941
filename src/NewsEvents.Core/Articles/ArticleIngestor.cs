using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Core.Articles;

/// <summary>An article as a client submits it, before it has an id.</summary>
public sealed record NewArticle(
    string Title,
    string Body,
    string? Url = null,
    DateTimeOffset? PublishedAt = null,
    string? Source = null,
    string? Language = null,
    string? Author = null);

/// <param name="ArticleId">The stored article: the new one, or the one it duplicates.</param>
/// <param name="Duplicate">True when an article with the same canonical URL or content already existed.</param>
public sealed record IngestResult(Guid ArticleId, bool Duplicate);

/// <summary>
/// Stores articles, their queue entries and their place in the daily article counts atomically, or finds the articles
/// they duplicate. Uniqueness is enforced by the database (canonical URL, content hash), so concurrent posts of one
/// article still leave a single row. One article or a chunk of many take the same path: a chunk costs a few round trips
/// whatever its size.
/// </summary>
public sealed class ArticleIngestor(NewsEventsDbContext db, TimeProvider time)
{
    // A conflicting insert can belong to a transaction that then rolls back, leaving nothing to find; try again.
    private const int MaxConflictRetries = 3;

    public async Task<IngestResult> IngestAsync(NewArticle article, CancellationToken cancellationToken) =>
        (await IngestAsync([article], cancellationToken))[0];

    /// <summary>
    /// Ingests a chunk of articles, answering in their order. An article that repeats an earlier one of the same chunk
    /// is a duplicate of it. Run it inside a transaction for the chunk to be stored all or nothing.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestAsync(IReadOnlyList<NewArticle> articles, CancellationToken cancellationToken)
    {
        var rows = articles.Select(Prepare).ToArray();
        var sourceIds = await GetOrCreateSourcesAsync(rows, cancellationToken);
        var results = new IngestResult?[rows.Length];
        for (var attempt = 0; ; attempt++)
        {
            var pending = Enumerable.Range(0, rows.Length).Where(i => results[i] is null).ToArray();
            var now = time.GetUtcNow();
            var ids = pending.Select(_ => Guid.CreateVersion7(now)).ToArray();
            var inserted = (await InsertAsync(pending.Select(i => rows[i]).ToArray(), ids, sourceIds, now, cancellationToken)).ToHashSet();
            for (var k = 0; k < pending.Length; k++)
            {
                if (inserted.Contains(ids[k]))
                {
                    results[pending[k]] = new IngestResult(ids[k], Duplicate: false);
                }
            }

            var conflicted = pending.Where(i => results[i] is null).ToArray();
            if (conflicted.Length == 0)
            {
                return results!;
            }
            var existing = await FindExistingAsync(conflicted.Select(i => rows[i]).ToArray(), cancellationToken);
            for (var k = 0; k < conflicted.Length; k++)
            {
                if (existing[k] is { } existingId)
                {
                    results[conflicted[k]] = new IngestResult(existingId, Duplicate: true);
                }
            }
            if (results.All(r => r is not null))
            {
                return results!;
            }
            if (attempt == MaxConflictRetries)
            {
                throw new InvalidOperationException("An article conflicted with a row that then disappeared, repeatedly.");
            }
        }
    }

    /// <summary>An article cleaned for storage, with its dedup keys.</summary>
    public sealed record Row(
        string Title, string Body, string? Url, string? CanonicalUrl, byte[] ContentHash, string? Source, string? Author,
        string? Language, DateTimeOffset? PublishedAt);

    /// <summary>The row an article is stored as (public for benchmarks that store rows by other means).</summary>
    public static Row Prepare(NewArticle article)
    {
        var title = PlainText.Sanitize(article.Title).Trim();
        var body = PlainText.Sanitize(article.Body).Trim();
        // PostgreSQL cannot store NUL, nor encode a lone surrogate: clean every text column, not only title and body.
        return new Row(
            title, body, article.Url, article.Url is null ? null : UrlCanonicalizer.Canonicalize(article.Url),
            ContentHash.Compute(title, body), CleanOptional(article.Source), CleanOptional(article.Author), article.Language,
            article.PublishedAt?.ToUniversalTime());
    }

    /// <summary>Inserts the rows that conflict with nothing, in order, and returns the ids of those inserted.</summary>
    private Task<List<Guid>> InsertAsync(
        Row[] rows, Guid[] ids, Dictionary<string, Guid> sourceIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sources = rows.Select(r => r.Source is null ? (Guid?)null : sourceIds[r.Source]).ToArray();
        var urls = rows.Select(r => r.Url).ToArray();
        var canonicalUrls = rows.Select(r => r.CanonicalUrl).ToArray();
        var titles = rows.Select(r => r.Title).ToArray();
        var bodies = rows.Select(r => r.Body).ToArray();
        var authors = rows.Select(r => r.Author).ToArray();
        var languages = rows.Select(r => r.Language).ToArray();
        var published = rows.Select(r => r.PublishedAt).ToArray();
        var hashes = rows.Select(r => r.ContentHash).ToArray();
        // ORDER BY keeps the input order, so of two equal articles in one chunk the first is stored; the counters are
        // updated in key order so that concurrent chunks lock their rows in the same order.
        return db.Database.SqlQuery<Guid>($"""
            WITH inserted AS (
                INSERT INTO articles (id, source_id, url, canonical_url, title, body, author, language,
                                      published_at, ingested_at, content_hash, status)
                SELECT id, source_id, url, canonical_url, title, body, author, language, published_at, {now}, content_hash, 'queued'
                FROM unnest({ids}::uuid[], {sources}::uuid[], {urls}::text[], {canonicalUrls}::text[], {titles}::text[],
                            {bodies}::text[], {authors}::text[], {languages}::text[], {published}::timestamptz[], {hashes}::bytea[])
                     WITH ORDINALITY AS r(id, source_id, url, canonical_url, title, body, author, language, published_at, content_hash, ord)
                ORDER BY ord
                ON CONFLICT DO NOTHING
                RETURNING id, source_id, (published_or_ingested_at AT TIME ZONE 'UTC')::date AS day
            ), queued AS (
                INSERT INTO ingestion_jobs (article_id, enqueued_at, available_at, attempts)
                SELECT id, {now}, {now}, 0 FROM inserted
            ), counted AS (
                INSERT INTO daily_articles AS d (day, articles)
                SELECT day, count(*) FROM inserted GROUP BY day ORDER BY day
                ON CONFLICT (day) DO UPDATE SET articles = d.articles + excluded.articles
            ), counted_for_source AS (
                INSERT INTO source_daily_articles AS d (source_id, day, articles)
                SELECT source_id, day, count(*) FROM inserted WHERE source_id IS NOT NULL
                GROUP BY source_id, day ORDER BY source_id, day
                ON CONFLICT (source_id, day) DO UPDATE SET articles = d.articles + excluded.articles
            )
            SELECT id AS "Value" FROM inserted
            """).ToListAsync(cancellationToken);
    }

    /// <summary>For each row, the stored article it duplicates (the canonical URL match first), or null.</summary>
    private Task<List<Guid?>> FindExistingAsync(Row[] rows, CancellationToken cancellationToken)
    {
        var canonicalUrls = rows.Select(r => r.CanonicalUrl).ToArray();
        var hashes = rows.Select(r => r.ContentHash).ToArray();
        return db.Database.SqlQuery<Guid?>($"""
            SELECT a.id AS "Value"
            FROM unnest({canonicalUrls}::text[], {hashes}::bytea[]) WITH ORDINALITY AS r(canonical_url, content_hash, ord)
            LEFT JOIN LATERAL (
                SELECT id FROM articles
                WHERE canonical_url = r.canonical_url OR content_hash = r.content_hash
                ORDER BY canonical_url = r.canonical_url DESC NULLS LAST
                LIMIT 1
            ) AS a ON true
            ORDER BY r.ord
            """).ToListAsync(cancellationToken);
    }

    private static string? CleanOptional(string? value) =>
        value is null ? null : PlainText.Sanitize(value).Trim() is { Length: > 0 } clean ? clean : null;

    private async Task<Dictionary<string, Guid>> GetOrCreateSourcesAsync(Row[] rows, CancellationToken cancellationToken)
    {
        var names = rows.Select(r => r.Source).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            return [];
        }
        var now = time.GetUtcNow();
        var ids = names.Select(_ => Guid.CreateVersion7(now)).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO sources (id, name, created_at)
            SELECT id, name, {now} FROM unnest({ids}::uuid[], {names}::text[]) AS s(id, name) ORDER BY name
            ON CONFLICT (name) DO NOTHING
            """, cancellationToken);
        // A new statement, so it sees sources that concurrent transactions committed while this one waited on them.
        var stored = await db.Database.SqlQuery<Guid>($"""
            SELECT s.id AS "Value" FROM unnest({names}::text[]) WITH ORDINALITY AS n(name, ord)
            JOIN sources AS s ON s.name = n.name
            ORDER BY n.ord
            """).ToListAsync(cancellationToken);
        return stored.Count == names.Length
            ? names.Zip(stored).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal)
            : throw new InvalidOperationException("A source disappeared while it was being used.");
    }
}
