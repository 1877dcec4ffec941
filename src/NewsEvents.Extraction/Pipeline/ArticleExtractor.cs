using NewsEvents.Extraction.Events;
using NewsEvents.Extraction.KeyPhrases;
using NewsEvents.Extraction.Linking;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Quotes;
using NewsEvents.Extraction.Sentiment;

namespace NewsEvents.Extraction.Pipeline;

/// <summary>
/// Reads an article: the people, organisations, places and groups it mentions (linked within the article), the
/// quotes it carries and the events it reports. Pure and thread-safe; never throws on any text.
/// </summary>
public sealed class ArticleExtractor(NerTagger tagger)
{
    public static ArticleExtractor Default { get; } = new(NerTagger.Default);

    /// <summary>Changes whenever the output for the same text may change, so stored results can be redone.</summary>
    public static string Version => "extract-3";

    public ExtractionResult Extract(string? title, string body, DateTimeOffset? publishedAt)
    {
        var article = new AnalyzedArticle(
            AnalyzedField.Analyze(TextField.Title, title ?? "", tagger),
            AnalyzedField.Analyze(TextField.Body, body, tagger),
            publishedAt);
        var entities = EntityLinker.Link(article);
        var quotes = QuoteExtractor.Extract(article, entities);
        var events = EventExtractor.Default.Extract(article, entities);
        var tone = ArticleTone.Of(article, ToneScorer.Default);
        var keyPhrases = KeyPhraseExtractor.Default.Extract(article, entities);
        return new ExtractionResult(entities, quotes, events, tone, keyPhrases);
    }
}
