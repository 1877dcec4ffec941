using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The API with an article index (decision 017) in a folder of its own, ready before the first test: relevance
/// searches with text go through the index and the pending articles instead of SQL alone.
/// </summary>
public sealed class IndexedApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    public string IndexPath { get; } = Path.Combine(Path.GetTempPath(), $"newsevents-index-{Guid.NewGuid():N}");

    public ArticleIndex Index => Services.GetRequiredService<ArticleIndex>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await WaitUntilReadyAsync(this);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(IndexPath, recursive: true);
    }

    /// <summary>Waits for a host's indexer to open (or build) its index.</summary>
    public static async Task<ArticleIndex> WaitUntilReadyAsync(WebApplicationFactory<Program> host)
    {
        var index = host.Services.GetRequiredService<ArticleIndex>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!index.IsReady)
        {
            Assert.True(DateTime.UtcNow < deadline, "The article index did not open within 30 s.");
            await Task.Delay(20);
        }
        return index;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Search:IndexPath", IndexPath);
        builder.UseSetting("Search:PollInterval", "00:00:00.200");
    }
}
