using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Sources;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The API with a feed server of its own on 127.0.0.1, which the poller is explicitly allowed to reach. Nothing
/// polls in the background (tests poll through <c>POST /api/v1/sources/{id}/poll</c>), and articles stay queued:
/// these tests are about what feeds put into the store, not about processing.
/// </summary>
public class FeedsApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    public const int MaxFeedBytes = 64 * 1024;

    public FeedServer Feeds { get; } = new();

    protected virtual bool PollInBackground => false;

    protected virtual bool AllowLoopback => true;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Feeds.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Feeds.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Ingestion:Enabled", "false");
        builder.UseSetting("Feeds:Enabled", PollInBackground ? "true" : "false");
        builder.UseSetting("Feeds:CheckInterval", "00:00:00.100");
        builder.UseSetting("Feeds:RetryDelay", "00:00:00.010");
        builder.UseSetting("Feeds:MaxFeedBytes", MaxFeedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (AllowLoopback)
        {
            // Only the feed server's own address: 127.0.0.2 and the rest of loopback stay refused.
            builder.UseSetting("Feeds:AllowedNetworks:0", "127.0.0.1/32");
        }
    }

    /// <summary>
    /// Serves a feed document from Feeds/Fixtures at a new path, with <paramref name="town"/> in its links and texts
    /// so the articles it holds are new to the store whichever test polls it first.
    /// </summary>
    public (string Path, string Url) ServeFixture(string fixture, string town, string? etag = "\"v1\"")
    {
        var (path, url) = Feeds.NewPath(Path.GetExtension(fixture).TrimStart('.'));
        var document = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Feeds", "Fixtures", fixture))
            .Replace("{town}", town, StringComparison.Ordinal);
        var contentType = fixture.EndsWith(".json", StringComparison.Ordinal) ? "application/feed+json"
            : fixture.Contains(".atom.", StringComparison.Ordinal) ? "application/atom+xml"
            : "application/rss+xml";
        Feeds.Serve(path, document, contentType, etag);
        return (path, url);
    }

    /// <summary>A new source over a freshly served fixture, polled once.</summary>
    public async Task<(SourceResponse Source, PollResponse Poll)> PollFixtureAsync(string fixture, string town)
    {
        var source = await CreateSourceAsync(ServeFixture(fixture, town).Url);
        return (source, await PollAsync(source.Id));
    }

    /// <summary>Creates a source polling <paramref name="feedUrl"/>, asserting 201.</summary>
    public async Task<SourceResponse> CreateSourceAsync(string feedUrl, string? name = null)
    {
        using var response = await CreateClient().PostAsJsonAsync(
            "/api/v1/sources", new { name = name ?? $"Feed {Guid.NewGuid():N}", feedUrl }, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created,
            $"POST /sources answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SourceResponse>(Json))!;
    }

    /// <summary>Polls the source's feed now, asserting the poll ran (200).</summary>
    public async Task<PollResponse> PollAsync(Guid sourceId)
    {
        using var response = await CreateClient().PostAsync($"/api/v1/sources/{sourceId}/poll", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"POST /poll answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PollResponse>(Json))!;
    }

    public async Task<SourceResponse> GetSourceAsync(Guid id) =>
        (await CreateClient().GetFromJsonAsync<SourceResponse>($"/api/v1/sources/{id}", Json))!;

    /// <summary>The stored articles of one source, oldest first.</summary>
    public async Task<List<Article>> ArticlesOfAsync(Guid sourceId)
    {
        await using var db = CreateDbContext();
        return await db.Articles.AsNoTracking().Where(a => a.SourceId == sourceId).OrderBy(a => a.Id).ToListAsync();
    }
}

/// <summary>Feeds with the background poller running, checking for due feeds every 100 ms.</summary>
public sealed class BackgroundFeedsApiFactory(PostgresServer server) : FeedsApiFactory(server)
{
    protected override bool PollInBackground => true;
}

/// <summary>Feeds under the default address policy: public addresses only, so the loopback feed server is refused.</summary>
public sealed class PublicOnlyFeedsApiFactory(PostgresServer server) : FeedsApiFactory(server)
{
    protected override bool AllowLoopback => false;
}
