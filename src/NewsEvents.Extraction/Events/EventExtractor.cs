using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Sentiment;

namespace NewsEvents.Extraction.Events;

/// <summary>
/// Reads the events an article reports, each typed against the CAMEO-aligned taxonomy (<see cref="EventTaxonomy"/>)
/// from a documented cue lexicon (<see cref="EventCueLexicon"/>, docs/event-taxonomy.md), with who acts (the cue's
/// subject, a passive's "by X", a noun's "X's" or modifier), on whom (its object, or the entity after
/// to/with/against/on/from/into), where ("in/at/near X", else the dateline), when (a temporal expression of the
/// sentence resolved against the publication date), how the article presents it (<see cref="Modality"/>), the
/// sentence and cue it was read from, how sure the reading is and the tone of the sentence.
/// </summary>
/// <remarks>
/// A reading, not a parse: it steers by closed-class words (prepositions, auxiliaries, complementisers) and by the
/// entity mentions the linker found, so it is fast (linear in the text) and predictable, and it misses what needs
/// real syntax. Pure and thread-safe; never throws on any text.
/// </remarks>
public sealed class EventExtractor(EventCueLexicon lexicon, ToneScorer tone)
{
    public static EventExtractor Default { get; } = new(EventCueLexicon.Default, ToneScorer.Default);

    public List<ExtractedEvent> Extract(AnalyzedArticle article, IReadOnlyList<ExtractedEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(entities);
        DateOnly? published = article.PublishedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null;
        var body = new FieldReader(article.Body, entities, lexicon, tone);
        var dateline = body.DatelineLocation();
        // Each sentence's reading; confidence is settled below, once the article-wide agreement is known.
        var drafts = new List<ExtractedEvent>();
        new FieldReader(article.Title, entities, lexicon, tone).Read(drafts, published, dateline);
        body.Read(drafts, published, dateline);

        // Cues that agree: the same kind of event between the same parties read from another sentence (a headline and
        // the body, or two paragraphs) makes each reading likelier.
        var events = new List<ExtractedEvent>(drafts.Count);
        foreach (var draft in drafts)
        {
            var agreeing = drafts.Any(other => !ReferenceEquals(other, draft) && other.Sentence != draft.Sentence
                && other.Type.Code[..2] == draft.Type.Code[..2] && other.Actor == draft.Actor && other.Target == draft.Target);
            var confidence = Math.Clamp(draft.Confidence + (agreeing ? 0.1 : 0), 0.05, 0.95);
            events.Add(draft with { Confidence = Math.Round(confidence, 2) });
        }
        return events;
    }
}
