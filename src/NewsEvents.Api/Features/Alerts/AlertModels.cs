using System.ComponentModel.DataAnnotations;
using NewsEvents.Api.Features.Sources;

namespace NewsEvents.Api.Features.Alerts;

/// <summary>A saved search to match newly processed articles against.</summary>
public sealed class CreateAlertRequest : IValidatableObject
{
    /// <summary>A label for people; need not be unique.</summary>
    /// <example>Kim and weapons</example>
    [StringLength(200)]
    public string? Name { get; init; }

    /// <summary>
    /// The query, in the language of <c>/api/v1/search</c>: words in web-search syntax plus fielded filters
    /// (entity:, type:, source:, event:, language:, from:, to:).
    /// </summary>
    /// <example>weapons entity:"Kim Jong-un"</example>
    [Required, StringLength(1000)]
    public string Query { get; init; } = "";

    /// <summary>An absolute http(s) URL to POST each match to, signed with the secret returned once by this call.</summary>
    /// <example>https://hooks.example.com/newsevents</example>
    [StringLength(2048)]
    public string? WebhookUrl { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        WebhookUrl is null ? [] : SourceRules.ValidateOutboundUrl(WebhookUrl, nameof(WebhookUrl));
}

/// <summary>Changes to an alert; fields left out stay as they are.</summary>
public sealed class UpdateAlertRequest
{
    /// <summary>New label.</summary>
    [StringLength(200)]
    public string? Name { get; init; }

    /// <summary>false pauses the alert (no new matches; its matches and pending deliveries stay); true resumes it.</summary>
    public bool? Active { get; init; }
}

/// <summary>A saved search.</summary>
/// <param name="OwnerKeyId">
/// The id of the API key that created the alert (the only non-admin key that can see it); null for alerts made before
/// alerts had owners, which only admin keys see.
/// </param>
/// <param name="WebhookSecret">
/// The HMAC-SHA256 key of the webhook signatures: only in the answer that creates the alert, never again.
/// </param>
public sealed record AlertResponse(
    Guid Id,
    string? Name,
    string Query,
    bool Active,
    DateTimeOffset CreatedAt,
    string? WebhookUrl,
    Guid? OwnerKeyId,
    string? WebhookSecret = null);

/// <summary>Where a match's webhook delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,
    Delivered,

    /// <summary>Given up after the last allowed attempt; <c>lastError</c> says why.</summary>
    Failed,
}

/// <summary>The webhook delivery of one match.</summary>
public sealed record DeliveryResponse(DeliveryStatus Status, int Attempts, DateTimeOffset? DeliveredAt, string? LastError);

/// <summary>An article that matched the alert when it was processed.</summary>
/// <param name="Delivery">Null when the alert has no webhook.</param>
public sealed record AlertMatchResponse(
    Guid ArticleId,
    string Title,
    string? Url,
    string? Source,
    DateTimeOffset? PublishedAt,
    DateTimeOffset MatchedAt,
    DeliveryResponse? Delivery);
