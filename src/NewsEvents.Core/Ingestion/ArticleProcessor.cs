using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Core.Ingestion;

/// <summary>Cleans the text (markup, entities, whitespace), then reads entities, quotes and events from it.</summary>
public sealed class ArticleProcessor : IArticleProcessor
{
    public string Version => ArticleExtractor.Version;

    public Task<ProcessedArticle> ProcessAsync(ArticleText article, CancellationToken cancellationToken)
    {
        var title = TextNormalizer.Normalize(article.Title);
        var body = TextNormalizer.Normalize(article.Body);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new ProcessedArticle(title, body,
            ArticleExtractor.Default.Extract(title, body, article.PublishedAt, timings: null, cancellationToken)));
    }
}
