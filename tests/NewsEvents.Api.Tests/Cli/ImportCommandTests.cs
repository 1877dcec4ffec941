using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Cli;

namespace NewsEvents.Api.Tests.Cli;

/// <summary>`newsevents import` against the API listening on a real loopback port.</summary>
public sealed class ImportCommandTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"newsevents-import-test-{Guid.NewGuid():N}.ndjson");

    [Fact]
    public async Task An_interrupted_import_finishes_on_rerun_with_the_first_part_answered_as_duplicates()
    {
        var word = TestArticles.UniqueWord();
        string Article(int n) => Line($"Story {n} {word}");
        await File.WriteAllLinesAsync(_file,
        [
            Article(1), Article(2), Article(3), Article(4),
            """{"title": "No body"}""",                       // line 5: rejected
            Article(5), Article(6),
            "",                                               // line 8: blank
            Article(7), Article(8), Article(9), Article(10),
            Article(1),                                       // line 13: the same as line 1
        ]);
        await using var server = StartOnLoopback(api);
        using var http = ImportCommand.CreateClient(Address(server), NewsEventsApiFactory.BootstrapKey);

        // Ctrl+C as soon as the first chunk is answered.
        using var interrupt = new CancellationTokenSource();
        var first = await new BatchImporter(http, new RecordingObserver(interrupt)).ImportAsync(_file, 3, interrupt.Token);
        var observer = new RecordingObserver(null);
        var rerun = await new BatchImporter(http, observer).ImportAsync(_file, 3, CancellationToken.None);

        Assert.Equal((3, 0, 0, 3), (first.Accepted, first.Duplicate, first.Rejected, first.Lines));
        Assert.Equal((7, 4, 1, 13), (rerun.Accepted, rerun.Duplicate, rerun.Rejected, rerun.Lines));
        Assert.Equal(5, Assert.Single(observer.Rejections).Line);
        Assert.Equal(new FileInfo(_file).Length, observer.Reports[^1].BytesRead);
        await using var db = api.CreateDbContext();
        Assert.Equal(10, await db.Articles.CountAsync(a => a.Title.Contains(word)));
    }

    [Fact]
    public async Task A_chunk_the_server_refuses_stops_the_import_with_its_reason()
    {
        await File.WriteAllLinesAsync(_file, Enumerable.Range(1, 4).Select(n => Line($"Refused {n} {TestArticles.UniqueWord()}")));
        await using var server = StartOnLoopback(api.WithWebHostBuilder(b => b.UseSetting("ArticleBatch:MaxItems", "2")));
        using var http = ImportCommand.CreateClient(Address(server), NewsEventsApiFactory.BootstrapKey);

        var failure = await Assert.ThrowsAsync<ImportFailedException>(
            () => new BatchImporter(http, new RecordingObserver(null)).ImportAsync(_file, 4, CancellationToken.None));

        Assert.Contains("413", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_terminal_progress_is_a_bar_with_throughput_and_eta()
    {
        var output = new StringWriter();
        var console = new ConsoleImportObserver(output, interactive: true, maxRejectionsShown: 1);

        console.Progress(new ImportProgress(900, 100, 0, 1000, 50, 100, TimeSpan.FromSeconds(10)));
        console.Rejected(7, "title: The Title field is required.");
        console.Rejected(8, "not shown");
        console.Finish();

        var text = output.ToString();
        Assert.StartsWith($"\r[{new string('#', 15)}{new string('-', 15)}]", text, StringComparison.Ordinal);
        Assert.Contains("1,000 articles", text, StringComparison.Ordinal);
        Assert.Contains("100/s", text, StringComparison.Ordinal);
        Assert.Contains("ETA 00:00:10", text, StringComparison.Ordinal);
        Assert.Contains("\nline 7: title: The Title field is required.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not shown", text, StringComparison.Ordinal);
        Assert.Contains("and 1 more rejected lines", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_terminal_progress_is_plain_lines()
    {
        var output = new StringWriter();
        var console = new ConsoleImportObserver(output, interactive: false, maxRejectionsShown: 20);

        console.Progress(new ImportProgress(100, 0, 0, 100, 100, 100, TimeSpan.FromSeconds(2)));
        console.Finish();

        Assert.DoesNotContain("\r", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("100 articles", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);

    private static string Line(string title) =>
        JsonSerializer.Serialize(new { title, body = $"Text of {title}.", published_at = "1987-02-26T15:01:01", source = "Import Wire" });

    private static WebApplicationFactory<Program> StartOnLoopback(WebApplicationFactory<Program> factory)
    {
        var server = factory.WithWebHostBuilder(_ => { });
        server.UseKestrel(0);
        server.StartServer();
        return server;
    }

    private static string Address(WebApplicationFactory<Program> server) =>
        server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private sealed class RecordingObserver(CancellationTokenSource? interruptAfterFirstChunk) : IImportObserver
    {
        public List<ImportProgress> Reports { get; } = [];

        public List<(long Line, string Reason)> Rejections { get; } = [];

        public void Progress(ImportProgress progress)
        {
            Reports.Add(progress);
            interruptAfterFirstChunk?.Cancel();
        }

        public void Rejected(long line, string reason) => Rejections.Add((line, reason));
    }
}
