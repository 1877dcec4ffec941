using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using NewsEvents.Api.Features.Alerts;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The API with a webhook receiver of its own on 127.0.0.1 (which outbound HTTP is explicitly allowed to reach) and
/// fast webhook retries: a failed delivery is tried again within a few hundred milliseconds, at most four times.
/// </summary>
public class AlertsApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    public const int MaxAttempts = 4;

    public FeedServer Receiver { get; } = new();

    protected virtual bool DeliverWebhooks => true;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Receiver.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Alerts:DeliverWebhooks", DeliverWebhooks ? "true" : "false");
        builder.UseSetting("Alerts:CheckInterval", "00:00:00.050");
        builder.UseSetting("Alerts:RetryBaseDelay", "00:00:00.050");
        builder.UseSetting("Alerts:RetryMaxDelay", "00:00:00.200");
        builder.UseSetting("Alerts:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Alerts:StreamHeartbeat", "00:00:00.200");
        // Only the receiver's own address: the rest of loopback stays refused, as for feeds.
        builder.UseSetting("Feeds:AllowedNetworks:0", "127.0.0.1/32");
    }

    /// <summary>Creates an alert (owned by the client's key, the bootstrap admin key by default), asserting 201.</summary>
    public async Task<AlertResponse> CreateAlertAsync(string query, string? webhookUrl = null, HttpClient? client = null)
    {
        using var response = await (client ?? CreateClient()).PostAsJsonAsync("/api/v1/alerts", new { name = "test", query, webhookUrl }, Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created,
            $"POST /alerts answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<AlertResponse>(Json))!;
    }

    public async Task<List<AlertMatchResponse>> MatchesAsync(Guid alertId) =>
        (await CreateClient().GetFromJsonAsync<AlertMatchPage>($"/api/v1/alerts/{alertId}/matches", Json))!.Items;

    /// <summary>Polls the alert's matches until <paramref name="done"/> holds for them.</summary>
    public async Task<List<AlertMatchResponse>> WaitForMatchesAsync(Guid alertId, Func<List<AlertMatchResponse>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var matches = await MatchesAsync(alertId);
            if (done(matches))
            {
                return matches;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}; matches: {System.Text.Json.JsonSerializer.Serialize(matches, Json)}");
            await Task.Delay(50);
        }
    }
}

public sealed record AlertMatchPage(List<AlertMatchResponse> Items, string? NextCursor);

/// <summary>Alerts whose webhooks nobody in this host delivers: deliveries wait in the outbox.</summary>
public sealed class UndeliveredAlertsApiFactory(PostgresServer server) : AlertsApiFactory(server)
{
    protected override bool DeliverWebhooks => false;
}
