using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Pipeline;

/// <summary>One field of an article, read once and shared by every stage: its tokens, sentences and names.</summary>
public sealed record AnalyzedField(
    TextField Field,
    string Text,
    IReadOnlyList<Token> Tokens,
    IReadOnlyList<Sentence> Sentences,
    IReadOnlyList<EntitySpan> Names)
{
    public static AnalyzedField Analyze(TextField field, string text, NerTagger tagger, StageTimings? timings = null)
    {
        var tokens = Tokenizer.Tokenize(text);
        var sentences = SentenceSplitter.Split(text, tokens);
        timings?.Lap(ExtractionStage.Tokens);
        var names = tagger.Tag(text, tokens, sentences);
        timings?.Lap(ExtractionStage.Names);
        return new AnalyzedField(field, text, tokens, sentences, names);
    }
}

/// <summary>An article as the extraction stages see it: title and body analysed, and when it was published.</summary>
public sealed record AnalyzedArticle(AnalyzedField Title, AnalyzedField Body, DateTimeOffset? PublishedAt)
{
    public IEnumerable<AnalyzedField> Fields => [Title, Body];

    public AnalyzedField this[TextField field] => field == TextField.Title ? Title : Body;
}
