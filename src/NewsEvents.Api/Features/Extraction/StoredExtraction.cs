using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Events;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Features.Extraction;

/// <summary>Reads back what processing stored for an article, in the same shape as a preview.</summary>
internal static class StoredExtraction
{
    public static async Task<ExtractionResponse> LoadAsync(NewsEventsDbContext db, Guid articleId, CancellationToken cancellationToken)
    {
        var present = await (
            from presence in db.ArticleEntities.AsNoTracking()
            where presence.ArticleId == articleId
            join entity in db.Entities on presence.EntityId equals entity.Id
            orderby presence.MentionCount descending, entity.CanonicalName
            select new { entity.Id, entity.CanonicalName, entity.Type, entity.Kind, entity.CountryCode, entity.Latitude, entity.Longitude, presence.Titles })
            .ToListAsync(cancellationToken);
        var mentions = (await db.Mentions.AsNoTracking()
                .Where(m => m.ArticleId == articleId)
                .OrderBy(m => m.Field).ThenBy(m => m.Start)
                .Select(m => new { m.EntityId, Mention = new MentionResponse(m.Text, m.Start, m.End, m.Field) })
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.EntityId, m => m.Mention);
        var byId = present.ToDictionary(e => e.Id);
        EntityReference? Reference(Guid? id) =>
            id is { } key && byId.TryGetValue(key, out var e) ? new EntityReference(e.Id, e.CanonicalName, e.Type) : null;
        PlaceReference? Place(Guid? id) =>
            id is { } key && byId.TryGetValue(key, out var e) ? new PlaceReference(e.Id, e.CanonicalName, e.Latitude, e.Longitude) : null;

        var quotes = await db.Quotes.AsNoTracking()
            .Where(q => q.ArticleId == articleId)
            .OrderBy(q => q.Field).ThenBy(q => q.Start)
            .ToListAsync(cancellationToken);
        var events = await db.Events.AsNoTracking()
            .Where(e => e.ArticleId == articleId)
            .OrderBy(e => e.Field).ThenBy(e => e.SentenceStart)
            .ToListAsync(cancellationToken);

        return new ExtractionResponse(
            present.Select(e => new EntityResponse(
                e.Id, e.CanonicalName, e.Type, e.Kind, e.CountryCode, e.Latitude, e.Longitude, e.Titles, mentions[e.Id].ToList())).ToList(),
            quotes.Select(q => new QuoteResponse(q.Text, Reference(q.SpeakerEntityId), q.Cue, q.Start, q.End, q.Field, q.IsDirect)).ToList(),
            events.Select(e => new EventResponse(
                e.Id, EventTaxonomy.Find(e.TypeCode) ?? new EventType(e.TypeCode, e.TypeCode), Reference(e.ActorEntityId),
                Reference(e.TargetEntityId), Place(e.LocationEntityId), e.OccurredOn, e.Modality, e.Sentence, e.SentenceStart,
                e.SentenceEnd, e.Field, e.Cue, e.Confidence, e.Tone)).ToList(),
            null,
            []);
    }
}
