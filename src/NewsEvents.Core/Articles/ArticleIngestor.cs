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
/// Stores an article, its queue entry and its place in the daily article counts atomically, or finds the article it
/// duplicates. Uniqueness is enforced by
/// the database (canonical URL, content hash), so concurrent posts of one article still leave a single row.
/// </summary>
public sealed class ArticleIngestor(NewsEventsDbContext db, TimeProvider time)
{
    // A conflicting insert can belong to a transaction that then rolls back, leaving nothing to find; try again.
    private const int MaxConflictRetries = 3;

    public async Task<IngestResult> IngestAsync(NewArticle article, CancellationToken cancellationToken)
    {
        var title = PlainText.Sanitize(article.Title).Trim();
        var body = PlainText.Sanitize(article.Body).Trim();
        var canonicalUrl = article.Url is null ? null : UrlCanonicalizer.Canonicalize(article.Url);
        var contentHash = ContentHash.Compute(title, body);
        // PostgreSQL cannot store NUL, nor encode a lone surrogate: clean every text column, not only title and body.
        var source = CleanOptional(article.Source);
        var author = CleanOptional(article.Author);

        for (var attempt = 0; ; attempt++)
        {
            Guid? sourceId = source is null ? null : await GetOrCreateSourceAsync(source, cancellationToken);
            var now = time.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            var inserted = await db.Database.SqlQuery<Guid>($"""
                WITH inserted AS (
                    INSERT INTO articles (id, source_id, url, canonical_url, title, body, author, language,
                                          published_at, ingested_at, content_hash, status)
                    VALUES ({id}, {sourceId}, {article.Url}, {canonicalUrl}, {title}, {body}, {author}, {article.Language},
                            {article.PublishedAt?.ToUniversalTime()}, {now}, {contentHash}, 'queued')
                    ON CONFLICT DO NOTHING
                    RETURNING id, source_id, (published_or_ingested_at AT TIME ZONE 'UTC')::date AS day
                ), queued AS (
                    INSERT INTO ingestion_jobs (article_id, enqueued_at, available_at, attempts)
                    SELECT id, {now}, {now}, 0 FROM inserted
                ), counted AS (
                    INSERT INTO daily_articles AS d (day, articles) SELECT day, 1 FROM inserted
                    ON CONFLICT (day) DO UPDATE SET articles = d.articles + 1
                ), counted_for_source AS (
                    INSERT INTO source_daily_articles AS d (source_id, day, articles)
                    SELECT source_id, day, 1 FROM inserted WHERE source_id IS NOT NULL
                    ON CONFLICT (source_id, day) DO UPDATE SET articles = d.articles + 1
                )
                SELECT id AS "Value" FROM inserted
                """).ToListAsync(cancellationToken);
            if (inserted.Count == 1)
            {
                return new IngestResult(inserted[0], Duplicate: false);
            }

            var existing = await db.Articles.AsNoTracking()
                .Where(a => (canonicalUrl != null && a.CanonicalUrl == canonicalUrl) || a.ContentHash == contentHash)
                .OrderByDescending(a => a.CanonicalUrl == canonicalUrl)
                .Select(a => (Guid?)a.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is { } existingId)
            {
                return new IngestResult(existingId, Duplicate: true);
            }
            if (attempt == MaxConflictRetries)
            {
                throw new InvalidOperationException("The article conflicted with a row that then disappeared, repeatedly.");
            }
        }
    }

    private static string? CleanOptional(string? value) =>
        value is null ? null : PlainText.Sanitize(value).Trim() is { Length: > 0 } clean ? clean : null;

    private async Task<Guid> GetOrCreateSourceAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO sources (id, name, created_at) VALUES ({Guid.CreateVersion7(now)}, {name}, {now})
            ON CONFLICT (name) DO NOTHING
            """, cancellationToken);
        return await db.Sources.Where(s => s.Name == name).Select(s => s.Id).SingleAsync(cancellationToken);
    }
}
