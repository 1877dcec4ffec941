using NewsEvents.Core.Data;

namespace NewsEvents.Core.Search;

public enum ArticleSort
{
    /// <summary>Best match first (BM25 on the article index, else ts_rank_cd), newer first among equals. Without a query, the same as newest.</summary>
    Relevance,
    Newest,
}

/// <param name="Text">PostgreSQL websearch syntax: words, "phrases", OR, -excluded. Null lists everything.</param>
/// <param name="From">Inclusive lower bound on publication (else ingestion) time.</param>
/// <param name="To">Exclusive upper bound on publication (else ingestion) time.</param>
/// <param name="After">Resume after this hit (keyset pagination).</param>
/// <param name="Entity">Only articles that mention this entity.</param>
/// <param name="IncludeDuplicates">Also near-duplicates of other articles (left out by default).</param>
public sealed record ArticleQuery(
    string? Text,
    string? Source,
    string? Language,
    DateTimeOffset? From,
    DateTimeOffset? To,
    ArticleSort Sort,
    int Limit,
    ArticleCursor? After,
    Guid? Entity = null,
    bool IncludeDuplicates = false)
{
    /// <summary>The sort actually applied: relevance needs a query to rank against.</summary>
    public ArticleSort EffectiveSort => Text is null ? ArticleSort.Newest : Sort;
}

/// <param name="Snippet">HTML-escaped text; with a query, the best passages with matches wrapped in &lt;mark&gt;.</param>
public sealed record ArticleHit(
    Guid Id,
    string Title,
    string? Url,
    string? Source,
    string? Language,
    DateTimeOffset? PublishedAt,
    DateTimeOffset IngestedAt,
    ArticleStatus Status,
    float? Score,
    string Snippet);

public sealed record ArticlePage(IReadOnlyList<ArticleHit> Items, ArticleCursor? Next);

/// <summary>Dimensions a result set can be counted along.</summary>
public enum ArticleFacet
{
    Entity,
    EntityType,
    EventType,
    Source,
    Day,
}

/// <param name="Value">What to filter on (an id, a code, a name, a day).</param>
/// <param name="Label">What to show.</param>
public sealed record FacetValue(string Value, string Label, long Count);
