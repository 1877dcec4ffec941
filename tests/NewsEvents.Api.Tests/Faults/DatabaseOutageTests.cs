using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Faults;

/// <summary>PostgreSQL stopped under load and started again, under the real service process.</summary>
public sealed class DatabaseOutageTests(ServiceRig rig) : IClassFixture<ServiceRig>
{
    /// <summary>How long any answer may take while the database is down: far below the client's own timeout.</summary>
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private sealed record Answer(string Operation, HttpStatusCode Status, string? MediaType, bool RetryAfter, TimeSpan Took, DateTime At);

    [Fact]
    public async Task With_the_database_stopped_the_api_answers_503_quickly_and_recovers_by_itself_losing_nothing_acknowledged()
    {
        var word = TestArticles.UniqueWord();
        await using var service = await rig.StartServiceAsync();
        using var client = new ServiceClient(service);
        var acknowledged = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<Answer>();
        using var stopLoad = new CancellationTokenSource();
        var sequence = 0;

        async Task TimedAsync(string operation, Func<Task<HttpResponseMessage>> send)
        {
            var watch = Stopwatch.StartNew();
            using var response = await send();
            answers.Add(new Answer(operation, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter is not null, watch.Elapsed, DateTime.UtcNow));
        }
        // Two writers and two readers, each waiting for its answer before the next request.
        var load = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                if (n % 2 == 0)
                {
                    var title = $"Outage {word} {Interlocked.Increment(ref sequence)}";
                    await TimedAsync("ingest", async () =>
                    {
                        var response = await client.PostArticleAsync(title);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            acknowledged.Add(title);
                        }
                        return response;
                    });
                }
                else
                {
                    await TimedAsync("search", () => client.GetAsync($"/api/v1/articles?q={word}"));
                }
            }
        })).ToList();

        await ServiceRig.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 20), TimeSpan.FromSeconds(60), "20 articles acknowledged");
        await rig.Cluster.StopServerAsync(CancellationToken.None);
        var stoppedAt = DateTime.UtcNow;

        // Down: the load keeps running; every operation starts answering 503, and health tells the truth.
        await ServiceRig.WaitUntilAsync(
            () => Task.FromResult(answers.Count(a => a.At > stoppedAt && a.Status == HttpStatusCode.ServiceUnavailable) >= 20),
            TimeSpan.FromSeconds(60), "503 answers while the database is down");
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        await TimedAsync("metrics", () => client.GetAsync("/metrics")); // the queue depth gauge cannot be read: the scrape still answers
        var duringOutage = answers.Where(a => a.At > stoppedAt).ToList();

        await rig.Cluster.StartServerAsync(CancellationToken.None);
        await ServiceRig.WaitUntilAsync(async () =>
        {
            using var ready = await client.GetAsync("/health/ready");
            return ready.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "ready again after the database came back");
        var restartedAt = DateTime.UtcNow;
        await ServiceRig.WaitUntilAsync(
            () => Task.FromResult(answers.Count(a => a.At > restartedAt && a.Operation == "ingest" && a.Status == HttpStatusCode.Accepted) >= 5
                && answers.Any(a => a.At > restartedAt && a.Operation == "search" && a.Status == HttpStatusCode.OK)),
            TimeSpan.FromSeconds(60), "ingest and search succeeding again");
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        Assert.All(duringOutage, a => Assert.True(a.Took < Bounded, $"{a.Operation} answered {(int)a.Status} after {a.Took}"));
        Assert.Contains(duringOutage, a => a.Operation == "ingest" && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(duringOutage, a => a.Operation == "search" && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(duringOutage, a => a.Operation == "metrics" && a.Status == HttpStatusCode.OK);
        // Whatever failed failed as a 503 problem the client may retry, never a 500.
        Assert.All(duringOutage.Where(a => (int)a.Status >= 400), a =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, a.Status);
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.True(a.RetryAfter);
        });
        // Everything acknowledged, before, during or after the outage, is stored once and processed.
        await rig.WaitForProcessedAsync(word, acknowledged.Count, TimeSpan.FromSeconds(120));
        Assert.Equal(acknowledged.Count, await rig.CountAsync(
            "SELECT count(*) FROM articles WHERE title = ANY($1) AND status = 'processed'", (object)acknowledged.ToArray()));
    }
}
