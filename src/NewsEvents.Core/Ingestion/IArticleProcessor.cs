using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Ingestion;

/// <summary>An article's text as the worker hands it to processing.</summary>
public sealed record ArticleText(Guid Id, string Title, string Body, DateTimeOffset? PublishedAt, string? Language);

/// <summary>
/// What processing produced: the clean text that replaces the submitted text, and what was read from it (its
/// offsets point into this clean text).
/// </summary>
public sealed record ProcessedArticle(string Title, string Body, ExtractionResult Extraction);

/// <summary>
/// The one seam between the durable queue and whatever turns an article into structured data. The queue guarantees
/// each acknowledged article reaches a successful <see cref="ProcessAsync"/> whose result is stored exactly once.
/// </summary>
public interface IArticleProcessor
{
    /// <summary>Stored with each processed article, so articles processed by an older version can be found and redone.</summary>
    string Version { get; }

    Task<ProcessedArticle> ProcessAsync(ArticleText article, CancellationToken cancellationToken);
}
