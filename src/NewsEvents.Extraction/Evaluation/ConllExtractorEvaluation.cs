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
    public static NerScore Evaluate(ArticleExtractor extractor, IEnumerable<ConllDocument> documents)
    {
        var counts = new int[Enum.GetValues<Ner.EntityType>().Length, 3];
        foreach (var document in documents)
        {
            var aligned = AlignedDocument.Create(document);
            var result = extractor.Extract(null, aligned.Text, null);
            var spans = result.Entities
                .SelectMany(entity => entity.Mentions.Where(m => m.Span.Field == TextField.Body).Select(m => new EntitySpan(m.Span.Start, m.Span.End, m.Text, ConllType(entity.Type))))
                .OrderBy(span => span.Start)
                .ToList();
            var predicted = aligned.ProjectSpans(spans);
            for (var s = 0; s + 1 < aligned.GoldSentenceStarts.Count; s++)
            {
                var from = aligned.GoldSentenceStarts[s];
                var length = aligned.GoldSentenceStarts[s + 1] - from;
                NerEvaluation.Count(aligned.GoldTags.AsSpan(from, length), predicted.AsSpan(from, length), counts);
            }
        }
        return NerEvaluation.ToScore(counts);
    }

    private static Ner.EntityType ConllType(Pipeline.EntityType type) => type switch
    {
        Pipeline.EntityType.Person => Ner.EntityType.Person,
        Pipeline.EntityType.Organization => Ner.EntityType.Organization,
        Pipeline.EntityType.Location => Ner.EntityType.Location,
        _ => Ner.EntityType.Misc,
    };
}
