using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Features.Events;

/// <summary>Event list parameters.</summary>
public sealed class EventListRequest
{
    /// <summary>CAMEO code or prefix: "04" (consult) includes "043" (host a visit); see /api/v1/event-types.</summary>
    /// <example>04</example>
    [RegularExpression("^[0-9]{2,4}$", ErrorMessage = "Use a CAMEO code such as '04' or '043'.")]
    public string? Type { get; init; }

    /// <summary>Entity id of the actor.</summary>
    public Guid? Actor { get; init; }

    /// <summary>Entity id of the target.</summary>
    public Guid? Target { get; init; }

    /// <summary>Entity id appearing as actor, target or location.</summary>
    public Guid? Entity { get; init; }

    /// <summary>Entity id of the place.</summary>
    public Guid? Location { get; init; }

    /// <summary>asserted, reported, alleged, planned, negated or denied.</summary>
    public Modality? Modality { get; init; }

    /// <summary>First day (inclusive) on which the event happened, else was reported.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (inclusive).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Web-search syntax over the source sentence.</summary>
    [StringLength(1000)]
    public string? Q { get; init; }

    /// <summary>Only events carried by at least this many distinct sources (corroboration).</summary>
    [Range(1, 1000), DefaultValue(1)]
    public int MinSources { get; init; } = 1;

    /// <summary>Include events a curator rejected.</summary>
    public bool IncludeRejected { get; init; }

    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(KeysetToken.MaxLength)]
    public string? Cursor { get; init; }
}

/// <summary>Where an event was read: the article and its sentence.</summary>
/// <param name="Highlight">The sentence, HTML-escaped, with the cue and the entities in &lt;mark&gt;.</param>
public sealed record EventEvidence(Guid ArticleId, string ArticleTitle, string? ArticleUrl, string? Source, DateTimeOffset PublishedAt, string Highlight);

/// <summary>Another report of the same event (same kind, actor, target and day).</summary>
public sealed record EventReport(Guid EventId, Guid ArticleId, string ArticleTitle, string? Source);

/// <summary>An event with the evidence behind it and the other reports of it.</summary>
public sealed record EventDetailResponse(EventHit Event, EventEvidence Evidence, IReadOnlyList<EventReport> Reports);

/// <summary>The event taxonomy: CAMEO root codes and the sub-types detected.</summary>
/// <param name="Root">The root code a sub-type belongs to (itself for a root).</param>
public sealed record EventTypeResponse(string Code, string Name, string Root);
