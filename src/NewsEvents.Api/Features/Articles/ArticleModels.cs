using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using NewsEvents.Api.Features.Extraction;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Articles;

/// <summary>An article to ingest.</summary>
public sealed class CreateArticleRequest : IValidatableObject
{
    public const int MaxBodyLength = 1_000_000;
    public const int MaxUrlLength = 2048;

    /// <summary>Headline.</summary>
    /// <example>N. Korea gives weapons to Russia, pays price: US</example>
    // [Required] and not the C# 'required' modifier: with the modifier the JSON reader rejects a missing field before
    // validation runs, so the error is keyed "$" (with a .NET type name) instead of naming the field.
    [Required, StringLength(1000)]
    public string Title { get; init; } = "";

    /// <summary>Article text: plain text, or HTML (markup and entities are cleaned during processing).</summary>
    /// <example>The United States (US) reacted to reports that Russia is negotiating to procure weapons from North Korea.</example>
    [Required, StringLength(MaxBodyLength)]
    public string Body { get; init; } = "";

    /// <summary>Where the article was published: an absolute http(s) URL. Used, canonicalised, to recognise re-posts.</summary>
    /// <example>https://example.com/world/north-korea-russia-weapons</example>
    [StringLength(MaxUrlLength)]
    public string? Url { get; init; }

    /// <summary>Publication time (ISO 8601 with offset).</summary>
    /// <example>2023-09-05T14:30:00Z</example>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Publisher name; created on first use.</summary>
    /// <example>Example Wire</example>
    [StringLength(200)]
    public string? Source { get; init; }

    /// <summary>BCP 47 language tag.</summary>
    /// <example>en</example>
    [RegularExpression("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", ErrorMessage = "Use a BCP 47 language tag such as 'en' or 'pt-BR'.")]
    [StringLength(35)]
    public string? Language { get; init; }

    /// <summary>Byline.</summary>
    /// <example>Jane Doe</example>
    [StringLength(300)]
    public string? Author { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && !UrlCanonicalizer.IsWebUrl(Url))
        {
            yield return new ValidationResult("Must be an absolute http or https URL.", [nameof(Url)]);
        }
        else if (Url is not null && UrlCanonicalizer.Canonicalize(Url).Length > MaxUrlLength)
        {
            // Escaping non-ASCII characters can make the canonical form several times longer than the URL as sent.
            yield return new ValidationResult($"Must be at most {MaxUrlLength} characters once percent-encoded.", [nameof(Url)]);
        }
        if (PublishedAt is { } published)
        {
            var now = (validationContext.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System).GetUtcNow();
            if (published.Year < 1800 || published > now.AddDays(2))
            {
                yield return new ValidationResult("Must be a real publication time: after 1800 and not in the future.", [nameof(PublishedAt)]);
            }
        }
    }

    internal NewArticle ToNewArticle() =>
        new(Title, Body, Url, PublishedAt, Blank(Source), Blank(Language)?.ToLowerInvariant(), Blank(Author));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A stored article with its processing state.</summary>
/// <param name="Id" example="01a222be-7321-7047-aba8-499d8e5660cb">Opaque identifier.</param>
/// <param name="Title" example="N. Korea gives weapons to Russia, pays price: US">Headline.</param>
/// <param name="Body" example="The United States (US) reacted to reports that Russia is negotiating to procure weapons from North Korea.">Text as submitted while queued; cleaned text once processed.</param>
/// <param name="Url" example="https://example.com/world/north-korea-russia-weapons?utm_source=feed">The URL as submitted.</param>
/// <param name="CanonicalUrl" example="https://example.com/world/north-korea-russia-weapons">The URL as used to recognise re-posts (tracking parameters, fragment and case differences removed).</param>
/// <param name="Source" example="Example Wire">Publisher name.</param>
/// <param name="Language" example="en">BCP 47 language tag, lower case.</param>
/// <param name="Author" example="Jane Doe">Byline.</param>
/// <param name="PublishedAt" example="2023-09-05T14:30:00+00:00">Publication time, when known.</param>
/// <param name="IngestedAt" example="2026-11-28T15:20:36.385278+00:00">When the store accepted it.</param>
/// <param name="ProcessedAt" example="2026-11-28T15:20:36.512003+00:00">When processing last finished (or gave up).</param>
/// <param name="Status" example="processed">queued, processing, processed or failed.</param>
/// <param name="Error">Why the last processing attempt failed (while retrying, or once failed).</param>
/// <param name="ExtractorVersion" example="extract-4">Version of the processing that produced the stored results.</param>
/// <param name="Duplicate" example="false">Only on ingestion: true when this article already existed and nothing new was stored.</param>
public sealed record ArticleResponse(
    Guid Id,
    string Title,
    string Body,
    string? Url,
    string? CanonicalUrl,
    string? Source,
    string? Language,
    string? Author,
    DateTimeOffset? PublishedAt,
    DateTimeOffset IngestedAt,
    DateTimeOffset? ProcessedAt,
    ArticleStatus Status,
    string? Error,
    string? ExtractorVersion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? Duplicate = null)
{
    /// <summary>People, organisations, places and groups the article mentions, with offsets into the processed text.</summary>
    public IReadOnlyList<EntityResponse> Entities { get; init; } = [];

    /// <summary>What people and organisations are quoted as saying.</summary>
    public IReadOnlyList<QuoteResponse> Quotes { get; init; } = [];

    /// <summary>What the article reports happened (or will, or allegedly did), with the sentence it came from.</summary>
    public IReadOnlyList<EventResponse> Events { get; init; } = [];

    /// <summary>Tone of the whole article, -100 (negative) to +100 (positive); null until processed.</summary>
    public double? Tone { get; init; }

    /// <summary>Phrases that say what the article is about.</summary>
    public IReadOnlyList<string> KeyPhrases { get; init; } = [];

    /// <summary>The original this article is a near-duplicate of (see /duplicates); null for an original or a lone article.</summary>
    public Guid? DuplicateOf { get; init; }
}

/// <summary>A member of an article's near-duplicate group.</summary>
/// <param name="Original">Whether this is the group's original (the earliest published).</param>
/// <param name="Similarity" example="0.94">Estimated share of word 4-grams the two texts have in common (0 to 1).</param>
public sealed record DuplicateResponse(
    Guid Id, string Title, string? Url, string? Source, DateTimeOffset? PublishedAt, bool Original, double? Similarity);

/// <summary>Search and list parameters.</summary>
public sealed class ArticleListRequest
{
    /// <summary>
    /// Full-text query in web-search syntax: words (all must match), "quoted phrases", OR, and -excluded words.
    /// Omit to list all articles, newest first.
    /// </summary>
    /// <example>"north korea" weapons -ukraine</example>
    [StringLength(1000)]
    public string? Q { get; init; }

    /// <summary>Only articles from this source (case-insensitive name).</summary>
    [StringLength(200)]
    public string? Source { get; init; }

    /// <summary>Only articles in this language (BCP 47 tag, e.g. en).</summary>
    [StringLength(35)]
    public string? Language { get; init; }

    /// <summary>Published (else ingested) at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Published (else ingested) before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>relevance (default with q) or newest.</summary>
    [DefaultValue(ArticleSort.Relevance)]
    public ArticleSort Sort { get; init; } = ArticleSort.Relevance;

    /// <summary>Page size, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>The nextCursor of the previous page.</summary>
    [StringLength(200)]
    public string? Cursor { get; init; }

    /// <summary>Also list near-duplicates (syndicated or lightly edited copies), which are otherwise left out.</summary>
    public bool IncludeDuplicates { get; init; }
}
