using System.Globalization;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>Reads <c>/metrics</c> as Prometheus scrapes it, and the samples in its text.</summary>
public static class MetricsScrape
{
    /// <summary>
    /// Scrapes until <paramref name="done"/> holds for the text (background work records its metrics a moment after
    /// the state it leaves is visible through the API), and returns the last text, for the caller to assert on.
    /// </summary>
    public static async Task<string> ScrapeAsync(this NewsEventsApiFactory api, Func<string, bool>? done = null)
    {
        using var scraper = api.CreateAnonymousClient(); // scrapers send no key
        var text = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        for (var tries = 0; done is not null && !done(text) && tries < 100; tries++)
        {
            await Task.Delay(100);
            text = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        }
        return text;
    }

    /// <summary>
    /// The sum of the samples of <paramref name="series"/> whose labels include all of <paramref name="labels"/>
    /// (each written <c>name="value"</c>); 0 when there are none.
    /// </summary>
    public static double Sample(this string text, string series, params string[] labels) => text
        .Split('\n')
        .Select(line => Parse(line, series))
        .Where(sample => sample is { } found && labels.All(label => found.Labels.Contains(label, StringComparison.Ordinal)))
        .Sum(sample => sample!.Value.Value);

    private static (string Labels, double Value)? Parse(string line, string series)
    {
        if (!line.StartsWith(series, StringComparison.Ordinal) || line.Length == series.Length)
        {
            return null;
        }
        var rest = line[series.Length..];
        var labels = "";
        if (rest[0] == '{')
        {
            var end = rest.LastIndexOf('}');
            labels = rest[1..end];
            rest = rest[(end + 1)..];
        }
        else if (rest[0] != ' ')
        {
            return null; // another series whose name starts with this one
        }
        return (labels, double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
