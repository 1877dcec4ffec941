using System.Collections.Concurrent;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Faults;

/// <summary>kill -9 of the real service process in the middle of a bulk import, while its workers are processing.</summary>
public sealed class ServiceCrashTests(ServiceRig rig) : IClassFixture<ServiceRig>
{
    private const int Batches = 24;
    private const int BatchSize = 10;
    private const int Senders = 3;

    [Fact]
    public async Task Every_article_acknowledged_before_a_kill_9_is_processed_exactly_once_after_a_restart()
    {
        var word = TestArticles.UniqueWord();
        var batches = Enumerable.Range(0, Batches)
            .Select(b => Enumerable.Range(0, BatchSize).Select(i => $"Crash {word} batch {b} item {i}").ToList())
            .ToList();
        // Title → id, for every article the service answered 2xx for (accepted, or a duplicate of an earlier one).
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var unanswered = new ConcurrentQueue<List<string>>();

        var service = await rig.StartServiceAsync();
        var answeredBeforeKill = 0;
        var killed = new TaskCompletionSource();
        using (var client = new ServiceClient(service))
        {
            var pending = new ConcurrentQueue<(int Index, List<string> Batch)>(batches.Select((batch, index) => (index, batch)));
            var senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                while (pending.TryDequeue(out var next))
                {
                    var batch = next.Batch;
                    // The last third goes out only once the kill is under way: on a fast machine the whole import
                    // could otherwise be answered before the kill lands, and the test would prove nothing.
                    if (next.Index >= Batches * 2 / 3)
                    {
                        await killed.Task;
                    }
                    try
                    {
                        Acknowledge(acknowledged, batch, await client.PostBatchAsync(batch));
                    }
                    catch (HttpRequestException)
                    {
                        unanswered.Enqueue(batch); // the connection died with the service: no answer, no promise
                    }
                }
            })).ToList();

            await ServiceRig.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= Batches * BatchSize / 3),
                TimeSpan.FromSeconds(120), "a third of the batches answered");
            await service.KillAsync();
            answeredBeforeKill = acknowledged.Count;
            killed.SetResult();
            await Task.WhenAll(senders);
        }
        await service.DisposeAsync();

        Assert.InRange(answeredBeforeKill, 1, Batches * BatchSize - 1); // the kill really fell inside the import

        // Restart, and resend what got no answer, as a client would: resending is safe by design.
        await using var restarted = await rig.StartServiceAsync();
        using (var client = new ServiceClient(restarted))
        {
            foreach (var batch in unanswered)
            {
                try
                {
                    Acknowledge(acknowledged, batch, await client.PostBatchAsync(batch));
                }
                catch (HttpRequestException exception)
                {
                    Assert.Fail($"{exception.Message} The service said:\n{restarted.RecentOutput}");
                }
            }
        }

        await rig.WaitForProcessedAsync(word, Batches * BatchSize, TimeSpan.FromSeconds(180));
        Assert.Equal(Batches * BatchSize, acknowledged.Count);
        // One row per article (no duplicates), the very ids that were acknowledged, nothing left in the queue.
        Assert.Equal(Batches * BatchSize, await rig.CountAsync("SELECT count(*) FROM articles WHERE title LIKE '%' || $1 || '%'", word));
        Assert.Equal(Batches * BatchSize, await rig.CountAsync(
            "SELECT count(*) FROM articles WHERE id = ANY($1) AND status = 'processed'", acknowledged.Values.ToArray()));
        Assert.Equal(0, await rig.CountAsync(
            "SELECT count(*) FROM ingestion_jobs j JOIN articles a ON a.id = j.article_id WHERE a.title LIKE '%' || $1 || '%'", word));
        // Processed with effect once: each article's extraction stored once, and the per-entity totals equal a recount.
        Assert.Equal(0, await rig.CountAsync(
            "SELECT count(*) FROM (SELECT article_id, entity_id FROM article_entities GROUP BY 1, 2 HAVING count(*) > 1) AS twice"));
        Assert.Equal(0, await rig.CountAsync("""
            SELECT count(*) FROM entities e
            LEFT JOIN (SELECT entity_id, count(*) AS n FROM article_entities GROUP BY 1) r ON r.entity_id = e.id
            WHERE e.article_count <> coalesce(r.n, 0)
            """));
        Assert.True(await rig.CountAsync("SELECT count(*) FROM article_entities ae JOIN articles a ON a.id = ae.article_id WHERE a.title LIKE '%' || $1 || '%'", word)
            >= Batches * BatchSize, "every article's entities were stored");
    }

    private static void Acknowledge(ConcurrentDictionary<string, Guid> acknowledged, List<string> titles, ArticleBatchResponse answer)
    {
        Assert.Equal(titles.Count, answer.Items.Count);
        foreach (var (title, item) in titles.Zip(answer.Items))
        {
            Assert.NotEqual(BatchItemStatus.Rejected, item.Status);
            // A resent article must come back with the id it was first acknowledged under.
            Assert.Equal(item.Id!.Value, acknowledged.GetOrAdd(title, item.Id.Value));
        }
    }
}
