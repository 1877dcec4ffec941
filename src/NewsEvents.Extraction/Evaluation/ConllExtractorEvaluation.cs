using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Ner.Training;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Evaluation;

/// <summary>
/// Scores the whole extractor's entity mentions on CoNLL-annotated documents with the CoNLL rule (exact span and
/// type, micro-averaged), through the same text and scorer as <see cref="NerEvaluation"/>: each document becomes one
/// body text, and the mentions of the linked entities are mapped back onto the corpus tokens. Groups and other named
/// things are CoNLL's MISC.
/// </summary>
public static class ConllExtractorEvaluation
{
    public static NerScore Evaluate(ArticleExtractor extractor, IEnumerable<ConllDocument> documents) =>
        NerEvaluation.Evaluate(text => extractor.Extract(null, text, null).Entities
            .SelectMany(entity => entity.Mentions.Where(m => m.Span.Field == TextField.Body)
                .Select(m => new EntitySpan(m.Span.Start, m.Span.End, m.Text, ConllType(entity.Type))))
            .OrderBy(span => span.Start)
            .ToList(), documents);

    private static Ner.EntityType ConllType(Pipeline.EntityType type) => type switch
    {
        Pipeline.EntityType.Person => Ner.EntityType.Person,
        Pipeline.EntityType.Organization => Ner.EntityType.Organization,
        Pipeline.EntityType.Location => Ner.EntityType.Location,
        _ => Ner.EntityType.Misc,
    };
}
