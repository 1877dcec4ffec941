using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Stories;

/// <summary>Story list parameters.</summary>
public sealed class StoryListRequest
{
    /// <summary>Web-search syntax over the member articles' titles and bodies: stories with at least one match.</summary>
    /// <example>north korea weapons</example>
    [StringLength(1000)]
    public string? Q { get; init; }

    /// <summary>Entity id: stories whose articles mention it.</summary>
    public Guid? Entity { get; init; }

    /// <summary>Stories still running at or after this time (their latest article).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Stories begun before this time (their earliest article).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only stories of at least this many articles (2 leaves out articles no other report joined).</summary>
    [Range(1, 100000), DefaultValue(1)]
    public int MinArticles { get; init; } = 1;

    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(KeysetToken.MaxLength)]
    public string? Cursor { get; init; }
}
