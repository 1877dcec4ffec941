using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Sources;

/// <summary>A feed to poll, under the source name its articles will carry.</summary>
public sealed class CreateSourceRequest : IValidatableObject
{
    /// <summary>Source name, as articles and the <c>source</c> filters show it. Unique.</summary>
    /// <example>Example Wire</example>
    [Required, StringLength(200)]
    public string Name { get; init; } = "";

    /// <summary>An RSS 2.0, Atom 1.0 or JSON Feed document: an absolute http(s) URL. Unique.</summary>
    /// <example>https://example.com/world/rss.xml</example>
    [Required, StringLength(SourceRules.MaxFeedUrlLength)]
    public string FeedUrl { get; init; } = "";

    /// <summary>Seconds between polls, 60 to 604800 (a week); default 900 (<c>Feeds:DefaultPollInterval</c>).</summary>
    /// <example>900</example>
    [Range(SourceRules.MinPollSeconds, SourceRules.MaxPollSeconds)]
    public int? PollIntervalSeconds { get; init; }

    /// <summary>Poll the feed (default true); false keeps the source and its state without polling.</summary>
    [DefaultValue(true)]
    public bool Enabled { get; init; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        SourceRules.ValidateFeedUrl(FeedUrl);
}

/// <summary>Changes to a source; fields left out stay as they are.</summary>
public sealed class UpdateSourceRequest : IValidatableObject
{
    /// <summary>New name. Articles already stored show the new name too.</summary>
    [StringLength(200)]
    public string? Name { get; init; }

    /// <summary>New feed URL (also gives a source that had none a feed). Its poll state starts afresh.</summary>
    [StringLength(SourceRules.MaxFeedUrlLength)]
    public string? FeedUrl { get; init; }

    /// <summary>Seconds between polls, 60 to 604800.</summary>
    [Range(SourceRules.MinPollSeconds, SourceRules.MaxPollSeconds)]
    public int? PollIntervalSeconds { get; init; }

    /// <summary>Poll the feed, or stop polling it while keeping its state and counters.</summary>
    public bool? Enabled { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Name is not null && string.IsNullOrWhiteSpace(Name))
        {
            yield return new ValidationResult("Must not be blank.", [nameof(Name)]);
        }
        foreach (var result in FeedUrl is null ? [] : SourceRules.ValidateFeedUrl(FeedUrl))
        {
            yield return result;
        }
    }
}

/// <summary>Source list parameters.</summary>
public sealed class SourceListRequest
{
    /// <summary>true: only sources with a feed; false: only sources without one (named by articles alone).</summary>
    public bool? HasFeed { get; init; }

    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(KeysetToken.MaxLength)]
    public string? Cursor { get; init; }
}

/// <summary>A source, and its feed's polling state when it has one (the feed fields are null otherwise).</summary>
/// <param name="Id" example="019ac8a1-5b7e-7d41-9f4c-3c1f2e8d9a10">Opaque identifier.</param>
/// <param name="Name" example="Example Wire">Source name, as articles show it.</param>
/// <param name="CreatedAt">When the source was first named or created.</param>
/// <param name="FeedUrl" example="https://example.com/world/rss.xml">The feed polled for new articles.</param>
/// <param name="Kind" example="rss">The format the feed was last read as (rss, atom or json); null before the first successful read.</param>
/// <param name="PollIntervalSeconds" example="900">Seconds between polls.</param>
/// <param name="Enabled" example="true">Whether the feed is polled.</param>
/// <param name="NextPollAt">When the feed is next due.</param>
/// <param name="LastPolledAt">When the last poll finished, successful or not.</param>
/// <param name="LastSuccessAt">When a poll last succeeded (a 304 Not Modified counts).</param>
/// <param name="LastError" example="The feed answered HTTP 404 Not Found.">Why the last poll failed; null after a success.</param>
/// <param name="ItemsSeen" example="42">Items read from fetched feed documents (an item fetched again counts again).</param>
/// <param name="ItemsAccepted" example="40">Items stored as new articles; the rest were duplicates or had no text.</param>
public sealed record SourceResponse(
    Guid Id,
    string Name,
    DateTimeOffset CreatedAt,
    string? FeedUrl,
    FeedKind? Kind,
    int? PollIntervalSeconds,
    bool Enabled,
    DateTimeOffset? NextPollAt,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    long ItemsSeen,
    long ItemsAccepted);

/// <summary>What one poll did.</summary>
/// <param name="Outcome" example="updated">updated (read, new items queued), not_modified (304) or failed.</param>
/// <param name="ItemsSeen" example="3">Items in the fetched document.</param>
/// <param name="ItemsAccepted" example="2">Items stored as new articles.</param>
/// <param name="Error">Why the poll failed.</param>
public sealed record PollResponse(PollOutcome Outcome, int ItemsSeen, int ItemsAccepted, string? Error);

internal static class SourceRules
{
    public const int MaxFeedUrlLength = 2048;
    public const int MinPollSeconds = 60;
    public const int MaxPollSeconds = 7 * 24 * 3600;

    public static IEnumerable<ValidationResult> ValidateFeedUrl(string url) => ValidateOutboundUrl(url, "FeedUrl");

    /// <summary>A URL the service will connect to (a feed, a webhook): absolute http(s), without credentials.</summary>
    public static IEnumerable<ValidationResult> ValidateOutboundUrl(string url, string member)
    {
        if (!UrlCanonicalizer.IsWebUrl(url.Trim()))
        {
            yield return new ValidationResult("Must be an absolute http or https URL.", [member]);
        }
        else if (new Uri(url.Trim()).UserInfo.Length > 0)
        {
            // Credentials would be stored and logged with the URL.
            yield return new ValidationResult("Must not contain credentials (user:password@).", [member]);
        }
    }
}
