using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Infrastructure;

/// <summary>Paging parameters of a list that takes no filters.</summary>
public sealed class PageRequest
{
    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(KeysetToken.MaxLength)]
    public string? Cursor { get; init; }
}
