using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Entities;

/// <summary>Reads an entity's detail, for the entity resource and for the answers of the curation endpoints.</summary>
internal static class EntityDetails
{
    public static async Task<EntityDetailResponse?> LoadAsync(NewsEventsDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var entity = await db.Entities.AsNoTracking().Where(e => e.Id == id).SingleOrDefaultAsync(cancellationToken);
        if (entity is null)
        {
            return null;
        }
        var aliases = await db.EntityAliases.AsNoTracking().Where(a => a.EntityId == id && a.Alias != entity.CanonicalName)
            .Select(a => a.Alias).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        var titles = await db.Database.SqlQuery<string>($"""
            SELECT title AS "Value" FROM entity_titles
            WHERE entity_id = {id} AND articles > 0 ORDER BY articles DESC, title LIMIT 20
            """).ToListAsync(cancellationToken);
        var partOf = entity.PartOfEntityId is { } wholeId
            ? await db.Entities.AsNoTracking().Where(e => e.Id == wholeId)
                .Select(e => new EntityReference(e.Id, e.CanonicalName, e.Type)).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new EntityDetailResponse(
            entity.Id, entity.CanonicalName, entity.Type, entity.Kind, entity.CountryCode, entity.Latitude, entity.Longitude,
            aliases, titles, partOf, entity.ArticleCount, entity.MentionCount, entity.FirstSeen, entity.LastSeen);
    }
}
