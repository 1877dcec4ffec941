using System.Net;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Tests.Operability;

public sealed class TelemetryTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_format_with_requests_and_processed_articles()
    {
        var article = await api.IngestAsync(TestArticles.New());
        await api.WaitForStatusAsync(article.Id, ArticleStatus.Processed);
        using var anonymous = api.Server.CreateClient(); // scrapers send no key

        // The exporter collects on scrape and caches briefly: ask until the processed article shows.
        string? text = null;
        for (var tries = 0; tries < 50 && text?.Contains("newsevents_articles_processed_total", StringComparison.Ordinal) != true; tries++)
        {
            await Task.Delay(tries == 0 ? 0 : 200);
            using var response = await anonymous.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("newsevents_articles_processed_total", text, StringComparison.Ordinal);
        Assert.Contains("newsevents_articles_processing_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("api/v1/articles", text, StringComparison.Ordinal); // the route label of the POST above
    }
}
