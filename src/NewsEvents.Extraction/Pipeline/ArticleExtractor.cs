using System.Diagnostics;
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
    public static string Version => "extract-4";

    public ExtractionResult Extract(string? title, string body, DateTimeOffset? publishedAt) => Extract(title, body, publishedAt, null);

    /// <summary>
    /// As <see cref="Extract(string?, string, DateTimeOffset?)"/>, adding the time each stage took to <paramref name="timings"/>.
    /// <paramref name="cancellationToken"/> is checked between stages (every stage is linear in the text, so a cancelled
    /// extraction stops within one stage): a caller that gives up on a huge or hostile text does not leave it running.
    /// </summary>
    public ExtractionResult Extract(string? title, string body, DateTimeOffset? publishedAt, StageTimings? timings, CancellationToken cancellationToken = default)
    {
        timings?.Start();
        var titleField = AnalyzedField.Analyze(TextField.Title, title ?? "", tagger, timings);
        cancellationToken.ThrowIfCancellationRequested();
        var article = new AnalyzedArticle(titleField, AnalyzedField.Analyze(TextField.Body, body, tagger, timings), publishedAt);
        cancellationToken.ThrowIfCancellationRequested();
        var entities = EntityLinker.Link(article);
        timings?.Lap(ExtractionStage.Linking);
        cancellationToken.ThrowIfCancellationRequested();
        var quotes = QuoteExtractor.Extract(article, entities);
        timings?.Lap(ExtractionStage.Quotes);
        cancellationToken.ThrowIfCancellationRequested();
        var events = EventExtractor.Default.Extract(article, entities);
        timings?.Lap(ExtractionStage.Events);
        cancellationToken.ThrowIfCancellationRequested();
        var tone = ArticleTone.Of(article, ToneScorer.Default);
        timings?.Lap(ExtractionStage.Tone);
        cancellationToken.ThrowIfCancellationRequested();
        var keyPhrases = KeyPhraseExtractor.Default.Extract(article, entities);
        timings?.Lap(ExtractionStage.KeyPhrases);
        return new ExtractionResult(entities, quotes, events, tone, keyPhrases);
    }
}

/// <summary>The stages of <see cref="ArticleExtractor"/>, in the order they run.</summary>
public enum ExtractionStage
{
    /// <summary>Tokens and sentences of the title and body.</summary>
    Tokens,

    /// <summary>The named-entity tagger.</summary>
    Names,

    Linking,
    Quotes,
    Events,
    Tone,
    KeyPhrases,
}

/// <summary>
/// Time spent in each <see cref="ExtractionStage"/>, summed over the articles extracted with it. Not thread-safe: one
/// per thread.
/// </summary>
public sealed class StageTimings
{
    private readonly long[] _ticks = new long[Enum.GetValues<ExtractionStage>().Length];
    private long _since;

    public TimeSpan this[ExtractionStage stage] => Stopwatch.GetElapsedTime(0, _ticks[(int)stage]);

    internal void Start() => _since = Stopwatch.GetTimestamp();

    /// <summary>Charges the time since the last lap (or <see cref="Start"/>) to <paramref name="stage"/>.</summary>
    internal void Lap(ExtractionStage stage)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)stage] += now - _since;
        _since = now;
    }
}
