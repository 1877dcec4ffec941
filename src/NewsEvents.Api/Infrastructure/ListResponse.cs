namespace NewsEvents.Api.Infrastructure;

/// <summary>One page of a list.</summary>
/// <param name="Items">The items on this page, in the list's order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
