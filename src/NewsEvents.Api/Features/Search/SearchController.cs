using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Features.Search;

/// <summary>One-search parameters.</summary>
public sealed class SearchRequest
{
    /// <summary>
    /// Words in web-search syntax ("phrases", OR, -excluded) plus fielded filters: entity:"Kim Jong-un",
    /// type:person, source:Reuters, event:consult (or a CAMEO code), language:en, from:2023-09-01, to:2023-09-30.
    /// </summary>
    /// <example>weapons entity:"Kim Jong-un" from:2023-09-01</example>
    [Required, StringLength(1000)]
    public string Q { get; init; } = "";

    /// <summary>Items per group, 1 to 50.</summary>
    [Range(1, 50), DefaultValue(5)]
    public int Limit { get; init; } = 5;

    /// <summary>Comma-separated counts to return: entity, entityType, eventType, source, day.</summary>
    /// <example>entity,source,day</example>
    [StringLength(100)]
    public string? Facets { get; init; }
}

/// <summary>The query as understood.</summary>
/// <param name="EntityId">The entity the entity: filter resolved to (null when nothing matched it).</param>
public sealed record ParsedQuery(string? Text, string? Entity, Guid? EntityId, string? Type, string? Source, string? Event, string? Language, DateOnly? From, DateOnly? To);

/// <summary>Results grouped by kind, each group ranked on its own, with highlights.</summary>
public sealed record SearchResponse(
    ParsedQuery Query,
    IReadOnlyList<ArticleHit> Articles,
    IReadOnlyList<EntityHit> Entities,
    IReadOnlyList<EventHit> Events,
    IReadOnlyList<QuoteHit> Quotes,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// <summary>One search box over everything: articles, entities, events and quotes.</summary>
[ApiController]
[Route("api/v1/search")]
public sealed class SearchController(ArticleSearch articles, EntitySearch entities, EventSearch events, QuoteSearch quotes) : ControllerBase
{
    /// <summary>Searches articles, entities, events and quotes at once.</summary>
    /// <remarks>
    /// Articles are ranked by relevance, entities by name match, events and quotes newest first. Filters apply to every
    /// group they make sense for. Facets count the matching articles (up to 10,000 of them) along each dimension asked.
    /// </remarks>
    /// <response code="200">The groups.</response>
    /// <response code="400">The query cannot be understood (an unknown type, a malformed day…), or a parameter is invalid.</response>
    [HttpGet]
    [ProducesResponseType<SearchResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<IActionResult> Search([FromQuery] SearchRequest request, CancellationToken cancellationToken)
    {
        var (query, errors) = SearchQuery.Parse(ArticleListing.Clean(request.Q) ?? "");
        var facets = new HashSet<ArticleFacet>();
        foreach (var name in (request.Facets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Enum.TryParse<ArticleFacet>(name, ignoreCase: true, out var facet) && !int.TryParse(name, out _))
            {
                facets.Add(facet);
            }
            else
            {
                ModelState.AddModelError(nameof(request.Facets), $"'{name}' is not one of entity, entityType, eventType, source, day.");
            }
        }
        foreach (var error in errors)
        {
            ModelState.AddModelError(nameof(request.Q), error);
        }
        if (!ModelState.IsValid || query is null)
        {
            return ValidationProblem(ModelState);
        }

        var entity = query.Entity is null ? null : await entities.BestMatchAsync(query.Entity, cancellationToken);
        var parsed = new ParsedQuery(query.Text, query.Entity, entity, query.Type?.ToString().ToLowerInvariant(), query.Source,
            query.EventCode, query.Language, query.From, query.To);
        if (query.Entity is not null && entity is null)
        {
            // An entity filter that names nothing known matches nothing.
            return Ok(new SearchResponse(parsed, [], [], [], [], facets.ToDictionary(f => Camel(f), _ => (IReadOnlyList<FacetValue>)[])));
        }

        var articleQuery = new ArticleQuery(query.Text, query.Source, query.Language, Start(query.From), Start(query.To?.AddDays(1)),
            ArticleSort.Relevance, request.Limit, null, entity);
        var articleTask = articles.SearchAsync(articleQuery, cancellationToken);
        var entityTask = query.Text is null && query.Type is null
            ? Task.FromResult<EntityPage?>(new EntityPage([], null))
            : entities.SearchAsync(new EntityQuery(query.Text, query.Type, null, request.Limit, null), cancellationToken);
        var eventTask = events.SearchAsync(
            new EventQuery(query.EventCode, Entity: entity, From: query.From, To: query.To, Text: query.Text, Limit: request.Limit), cancellationToken);
        var quoteTask = quotes.SearchAsync(
            new QuoteQuery(About: entity, Text: query.Text, From: Start(query.From), To: Start(query.To?.AddDays(1)), Limit: request.Limit), cancellationToken);
        var facetTask = facets.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<ArticleFacet, IReadOnlyList<FacetValue>>>(new Dictionary<ArticleFacet, IReadOnlyList<FacetValue>>())
            : articles.FacetsAsync(articleQuery with { Limit = 0 }, facets, cancellationToken);
        await Task.WhenAll(articleTask, entityTask, eventTask, quoteTask, facetTask);

        return Ok(new SearchResponse(
            parsed,
            (await articleTask).Items,
            (await entityTask)!.Items,
            (await eventTask)!.Items,
            (await quoteTask)!.Items,
            (await facetTask).ToDictionary(pair => Camel(pair.Key), pair => pair.Value)));
    }

    private static DateTimeOffset? Start(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    private static string Camel(ArticleFacet facet) => char.ToLowerInvariant(facet.ToString()[0]) + facet.ToString()[1..];
}
