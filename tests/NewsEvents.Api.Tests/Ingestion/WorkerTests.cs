using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Stories;
using Npgsql;

namespace NewsEvents.Api.Tests.Ingestion;

/// <summary>
/// A processor that misbehaves on request: a title containing "[fail:N]" throws on its first N attempts,
/// "[fail:always]" always throws, "[hang]" never finishes, "[unstorable]" returns a title PostgreSQL refuses to store
/// (it holds a NUL character). Everything else is processed normally.
/// </summary>
public sealed class ScriptedProcessor : IArticleProcessor
{
    private readonly ArticleProcessor _real = new();

    public ConcurrentDictionary<Guid, int> Calls { get; } = new();

    public string Version => _real.Version;

    public async Task<ProcessedArticle> ProcessAsync(ArticleText article, CancellationToken cancellationToken)
    {
        var call = Calls.AddOrUpdate(article.Id, 1, (_, calls) => calls + 1);
        if (article.Title.Contains("[hang]", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None); // ignores its token, as a runaway would
        }
        if (article.Title.Contains("[fail:always]", StringComparison.Ordinal)
            || (article.Title.Contains("[fail:", StringComparison.Ordinal) && call <= int.Parse(article.Title.Split("[fail:")[1].Split(']')[0], CultureInfo.InvariantCulture)))
        {
            throw new InvalidOperationException($"scripted failure on call {call}");
        }
        var processed = await _real.ProcessAsync(article, cancellationToken);
        return article.Title.Contains("[unstorable]", StringComparison.Ordinal) ? processed with { Title = processed.Title + "\0" } : processed;
    }
}

public sealed class ScriptedWorkerApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    public ScriptedProcessor Processor { get; } = new();

    /// <summary>
    /// The timeout now bounds the real (synchronous) extractor too: load its model before the workers start, so the
    /// first ordinary article does not spend its budget on that, and leave a busy machine room for the rest.
    /// </summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        ArticleExtractor.Default.Extract("Warm-up", "Kim Jong-un met Vladimir Putin in Vladivostok.", null);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ingestion:MaxAttempts", "3");
        builder.UseSetting("Ingestion:ItemTimeout", "00:00:05");
        builder.ConfigureTestServices(services => services.AddSingleton<IArticleProcessor>(Processor));
    }
}

public sealed class WorkerTests(ScriptedWorkerApiFactory api) : IClassFixture<ScriptedWorkerApiFactory>
{
    [Fact]
    public async Task A_failing_article_is_retried_until_it_succeeds()
    {
        var article = await api.IngestAsync(TestArticles.New(title: $"Flaky [fail:2] {TestArticles.UniqueWord()}"));

        var processed = await api.WaitForStatusAsync(article.Id, ArticleStatus.Processed);

        Assert.Equal(3, api.Processor.Calls[article.Id]);
        Assert.Null(processed.Error);
    }

    [Fact]
    public async Task An_article_that_keeps_failing_is_parked_as_failed_with_its_error_after_max_attempts()
    {
        var article = await api.IngestAsync(TestArticles.New(title: $"Broken [fail:always] {TestArticles.UniqueWord()}"));

        var failed = await api.WaitForStatusAsync(article.Id, ArticleStatus.Failed);

        Assert.Equal(3, api.Processor.Calls[article.Id]);
        Assert.Equal("InvalidOperationException: scripted failure on call 3", failed.Error);
        await Task.Delay(500); // several poll intervals and retry delays: a parked article is not tried again
        Assert.Equal(3, api.Processor.Calls[article.Id]);
    }

    [Fact]
    public async Task An_article_that_hangs_times_out_without_stalling_the_other_articles()
    {
        var hanging = await api.IngestAsync(TestArticles.New(title: $"Poison [hang] {TestArticles.UniqueWord()}"));
        var normal = await api.IngestAsync(TestArticles.New());

        await api.WaitForStatusAsync(normal.Id, ArticleStatus.Processed);
        var failed = await api.WaitForStatusAsync(hanging.Id, ArticleStatus.Failed, timeout: TimeSpan.FromSeconds(90)); // three attempts of 5 s

        Assert.Contains("longer than", failed.Error, StringComparison.Ordinal);
    }

    private static readonly string[] BatchTitles = ["First", "Second", "Poison [unstorable]", "Third"];

    [Fact]
    public async Task An_article_that_cannot_be_stored_fails_alone_and_the_rest_of_its_batch_is_stored_once()
    {
        var lines = BatchTitles.Select(title => JsonSerializer.Serialize(
            TestArticles.New(title: $"{title} {TestArticles.UniqueWord()}", body: $"Kim Jong-un met Vladimir Putin in Vladivostok, {TestArticles.UniqueWord()} said."), NewsEventsApiFactory.Json));
        using var response = await api.CreateClient().PostAsync("/api/v1/articles/batch",
            new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        response.EnsureSuccessStatusCode();
        var ids = (await response.Content.ReadFromJsonAsync<ArticleBatchResponse>(NewsEventsApiFactory.Json))!.Items.Select(item => item.Id!.Value).ToList();

        var poison = await api.WaitForStatusAsync(ids[2], ArticleStatus.Failed, timeout: TimeSpan.FromSeconds(90));
        foreach (var id in ids.Where(id => id != ids[2]))
        {
            await api.WaitForStatusAsync(id, ArticleStatus.Processed);
            Assert.Equal(1, api.Processor.Calls[id]); // not failed along with the poisoned one
        }

        Assert.Equal(3, api.Processor.Calls[ids[2]]);
        Assert.Contains("22021", poison.Error, StringComparison.Ordinal); // invalid byte sequence: the NUL
        await using var db = api.CreateDbContext();
        var mentions = await db.Mentions.Where(m => ids.Contains(m.ArticleId)).ToListAsync();
        Assert.NotEmpty(mentions);
        Assert.DoesNotContain(mentions, m => m.ArticleId == ids[2]);
        Assert.Equal(mentions.Count, mentions.DistinctBy(m => (m.ArticleId, m.EntityId, m.Field, m.Start)).Count());
    }
}

/// <summary>Wake-up and crash recovery, on a database whose own host runs no workers.</summary>
public sealed class WorkerRecoveryTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Fact]
    public async Task An_item_held_by_a_worker_that_died_is_processed_once_by_another_after_the_lease_expires()
    {
        var article = await api.IngestAsync(TestArticles.New());
        var deadWorker = new IngestionQueue(
            api.Services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System,
            Options.Create(new IngestionOptions { LeaseDuration = TimeSpan.FromSeconds(1) }), api.Services.GetRequiredService<StoryClusterer>());
        var claimed = await deadWorker.ClaimAsync(default);
        Assert.Equal(article.Id, claimed?.ArticleId);

        using var liveHost = api.WithWebHostBuilder(builder => builder.UseSetting("Ingestion:Enabled", "true"));
        liveHost.CreateClient(); // starts its workers
        var processed = await api.WaitForStatusAsync(article.Id, ArticleStatus.Processed);

        Assert.Equal(ArticleExtractor.Version, processed.ExtractorVersion);
        Assert.False(await deadWorker.CompleteAsync(claimed!, new ProcessedArticle("late", "late", ExtractionResult.Empty), "dead", default));
        Assert.Equal(processed.Title, (await api.GetArticleAsync(article.Id)).Title);
    }

    [Fact]
    public async Task Idle_workers_wake_on_new_work_without_waiting_for_the_poll()
    {
        using var liveHost = api.WithWebHostBuilder(builder => builder
            .UseSetting("Ingestion:Enabled", "true")
            .UseSetting("Ingestion:PollInterval", "00:10:00"));
        liveHost.CreateClient();
        await Task.Delay(300); // let the workers find the queue empty and go to sleep

        var article = await api.IngestAsync(TestArticles.New());

        await api.WaitForStatusAsync(article.Id, ArticleStatus.Processed, timeout: TimeSpan.FromSeconds(20));
    }
}
