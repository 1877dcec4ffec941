using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Features.Entities;

/// <summary>Entity search parameters.</summary>
public sealed class EntityListRequest
{
    /// <summary>A name, part of one, or a misspelling ("putn" finds Putin). Omit to list entities by coverage.</summary>
    /// <example>Putin</example>
    [StringLength(200)]
    public string? Q { get; init; }

    /// <summary>person, organization, location, group or other.</summary>
    public EntityType? Type { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    /// <example>RU</example>
    [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use an ISO 3166-1 alpha-2 code such as 'RU'.")]
    public string? Country { get; init; }

    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(KeysetToken.MaxLength)]
    public string? Cursor { get; init; }
}

/// <summary>An entity with everything known about it.</summary>
/// <param name="Aliases">Every name it has been found under.</param>
/// <param name="Titles">Titles and roles articles give it, most frequent first.</param>
/// <param name="PartOf">What it belongs to or stands for (the Kremlin → Russia).</param>
/// <param name="ArticleCount">Articles that mention it.</param>
/// <param name="MentionCount">Mentions across all articles.</param>
/// <param name="FirstSeen">Publication time of the earliest article mentioning it.</param>
/// <param name="LastSeen">Publication time of the latest article mentioning it.</param>
public sealed record EntityDetailResponse(
    Guid Id,
    string Name,
    EntityType Type,
    LocationKind? Kind,
    string? CountryCode,
    double? Lat,
    double? Lon,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Titles,
    EntityReference? PartOf,
    int ArticleCount,
    int MentionCount,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen);

/// <summary>Timeline parameters.</summary>
public sealed class TimelineRequest
{
    /// <summary>Bucket size: day, week (starting Monday) or month.</summary>
    [DefaultValue(TimelineInterval.Day)]
    public TimelineInterval Interval { get; init; } = TimelineInterval.Day;

    /// <summary>First day (inclusive); defaults to the day the entity was first seen.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (inclusive); defaults to the day the entity was last seen.</summary>
    public DateOnly? To { get; init; }
}

/// <summary>Coverage of an entity over time, zero-filled.</summary>
public sealed record TimelineResponse(Guid EntityId, TimelineInterval Interval, IReadOnlyList<TimelineBucket> Buckets);

/// <summary>Entities that appear in the same articles.</summary>
public sealed record RelatedResponse(Guid EntityId, IReadOnlyList<RelatedEntity> Items);

/// <summary>A co-occurrence graph: nodes, and edges weighted by shared articles.</summary>
public sealed record NetworkResponse(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges);
