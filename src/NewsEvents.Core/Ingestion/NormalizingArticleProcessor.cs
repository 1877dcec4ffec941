using NewsEvents.Extraction.Text;

namespace NewsEvents.Core.Ingestion;

/// <summary>Cleans the text (markup, entities, whitespace); extraction of entities, events and quotes plugs in here.</summary>
public sealed class NormalizingArticleProcessor : IArticleProcessor
{
    public string Version => "normalize-1";

    public Task<ProcessedArticle> ProcessAsync(ArticleText article, CancellationToken cancellationToken) =>
        Task.FromResult(new ProcessedArticle(TextNormalizer.Normalize(article.Title), TextNormalizer.Normalize(article.Body)));
}
