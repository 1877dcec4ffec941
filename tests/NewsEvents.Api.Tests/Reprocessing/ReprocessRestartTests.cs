using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Reprocessing;

namespace NewsEvents.Api.Tests.Reprocessing;

/// <summary>
/// Reprocess jobs live in the database: hosts come and go (the fixture's own host runs no workers), and whichever
/// host runs the workers next carries an unfinished job on from where the last one stopped.
/// </summary>
public sealed class ReprocessRestartTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Fact]
    public async Task A_job_half_queued_before_a_restart_is_finished_by_the_next_host_without_queueing_anything_twice()
    {
        var source = $"Restart Wire {TestArticles.UniqueWord()}";
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.IngestAsync(TestArticles.New(source: source, body: $"Vladimir Putin visited Vladivostok on {TestArticles.UniqueWord()}."))).Id);
        }
        await using (var first = WorkerHost())
        {
            using var started = first.CreateClient();
            foreach (var id in ids)
            {
                await api.WaitForStatusAsync(id, ArticleStatus.Processed);
            }
        }

        // No host runs the service now: the job waits.
        var job = await ReprocessJobClient.StartAsync(api.CreateClient(), new { source });
        Assert.Equal(ReprocessJobStatus.Pending, (await ReprocessJobClient.GetAsync(api.CreateClient(), job.Id)).Status);

        // One chunk of one article is queued, as by a host stopped right after it.
        await using (var interrupted = api.WithWebHostBuilder(builder => builder.UseSetting("Ingestion:ReprocessChunkSize", "1")))
        {
            Assert.True(await interrupted.Services.GetRequiredService<ReprocessJobs>().QueueNextChunkAsync(CancellationToken.None));
        }
        var halfQueued = await ReprocessJobClient.GetAsync(api.CreateClient(), job.Id);
        Assert.Equal((ReprocessJobStatus.Queueing, 3, 1), (halfQueued.Status, halfQueued.Total, halfQueued.Queued));

        await using var next = WorkerHost();
        var done = await ReprocessJobClient.WaitForCompletionAsync(next.CreateClient(), job.Id);

        Assert.Equal((3, 3, 3, 0), (done.Total, done.Queued, done.Processed, done.Failed));
        foreach (var id in ids)
        {
            Assert.Equal(ArticleStatus.Processed, (await api.GetArticleAsync(id)).Status);
        }
    }

    private WebApplicationFactory<Program> WorkerHost() => api.WithWebHostBuilder(builder => builder.UseSetting("Ingestion:Enabled", "true"));
}
