using System.Text.Json.Serialization;

namespace NewsEvents.Api.Features.Articles;

/// <summary>What became of one article of a batch.</summary>
public enum BatchItemStatus
{
    /// <summary>Stored and queued for processing.</summary>
    Accepted,

    /// <summary>An article with the same canonical URL or the same title and text already existed (or came earlier in the batch).</summary>
    Duplicate,

    /// <summary>Not stored: unreadable or invalid.</summary>
    Rejected,
}

/// <summary>The answer for one article of a batch.</summary>
/// <param name="Line" example="3">NDJSON: the line it was on, from 1 (blank lines count).</param>
/// <param name="Index" example="2">JSON array: its position, from 0.</param>
/// <param name="Status" example="accepted">accepted, duplicate or rejected.</param>
/// <param name="Id" example="01a222be-7321-7047-aba8-499d8e5660cb">The stored article: the new one, or the one it duplicates.</param>
/// <param name="Reason" example="title: The Title field is required.">Why it was rejected.</param>
/// <param name="Errors">For an invalid article: messages by field, as in a 400 of <c>POST /api/v1/articles</c>.</param>
public sealed record BatchItemResult(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    BatchItemStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Id = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>The answer to a batch: totals, then one result per article in the order they were sent.</summary>
/// <param name="Accepted" example="2">Articles stored and queued.</param>
/// <param name="Duplicate" example="1">Articles that already existed.</param>
/// <param name="Rejected" example="1">Articles not stored.</param>
/// <param name="Items">One result per article (blank NDJSON lines have none).</param>
public sealed record ArticleBatchResponse(int Accepted, int Duplicate, int Rejected, IReadOnlyList<BatchItemResult> Items)
{
    public static ArticleBatchResponse From(IReadOnlyList<BatchItemResult> items) => new(
        items.Count(i => i.Status == BatchItemStatus.Accepted),
        items.Count(i => i.Status == BatchItemStatus.Duplicate),
        items.Count(i => i.Status == BatchItemStatus.Rejected),
        items);
}
