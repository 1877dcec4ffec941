using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Features.Trends;

/// <summary>Trend parameters.</summary>
public sealed class TrendsRequest
{
    /// <summary>The recent period, in days (e.g. 2d) or weeks (1w).</summary>
    [RegularExpression("^[1-9][0-9]{0,2}[dw]$", ErrorMessage = "Use a number of days or weeks such as '2d' or '1w'.")]
    [DefaultValue("2d")]
    public string Window { get; init; } = "2d";

    /// <summary>The period before the window it is compared with.</summary>
    [RegularExpression("^[1-9][0-9]{0,2}[dw]$", ErrorMessage = "Use a number of days or weeks such as '14d' or '2w'.")]
    [DefaultValue("14d")]
    public string Baseline { get; init; } = "14d";

    /// <summary>Last day of the window (inclusive); defaults to today (UTC). Set it to look at past news.</summary>
    public DateOnly? End { get; init; }

    /// <summary>Only entities of this type.</summary>
    public EntityType? Type { get; init; }

    /// <summary>Ignore entities in fewer articles than this in the window (small counts make large ratios).</summary>
    [Range(1, 100_000), DefaultValue(2)]
    public int MinArticles { get; init; } = 2;

    /// <summary>How many, 1 to 100.</summary>
    [Range(1, 100), DefaultValue(20)]
    public int Limit { get; init; } = 20;
}

/// <summary>Trending entities with the figures behind the score.</summary>
public sealed record TrendsResponse(DateOnly WindowStart, DateOnly WindowEnd, DateOnly BaselineStart, DateOnly BaselineEnd, IReadOnlyList<TrendingEntity> Items);

/// <summary>What the news is suddenly talking about.</summary>
[ApiController]
[Route("api/v1/trends")]
public sealed class TrendsController(EntityAnalytics analytics, TimeProvider time) : ControllerBase
{
    /// <summary>Entities whose share of coverage rose most in the window against the baseline before it.</summary>
    /// <remarks>
    /// Share = articles mentioning the entity / all articles, in each period; score = window share / baseline share,
    /// each add-one smoothed, so 1 means no change (Event Registry's definition of trending concepts).
    /// </remarks>
    /// <response code="200">Trending entities, highest score first.</response>
    /// <response code="400">A parameter is invalid.</response>
    [HttpGet("entities")]
    [ProducesResponseType<TrendsResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public async Task<TrendsResponse> Entities([FromQuery] TrendsRequest request, CancellationToken cancellationToken)
    {
        var end = request.End ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (window, baseline) = (Days(request.Window), Days(request.Baseline));
        var items = await analytics.TrendsAsync(end, window, baseline, request.Type, request.MinArticles, request.Limit, cancellationToken);
        var windowStart = end.AddDays(1 - window);
        return new TrendsResponse(windowStart, end, windowStart.AddDays(-baseline), windowStart.AddDays(-1), items);
    }

    private static int Days(string period) => int.Parse(period[..^1], System.Globalization.CultureInfo.InvariantCulture) * (period[^1] == 'w' ? 7 : 1);
}
