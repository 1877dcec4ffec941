using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Search;

namespace NewsEvents.Core.Alerts;

public static class AlertServiceCollectionExtensions
{
    /// <summary>Alerts: webhook outbox and deliverers (through the guarded HTTP client), and the live stream.</summary>
    public static IServiceCollection AddNewsEventsAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookDeliveryService.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider =>
                FeedHttp.GuardedHandler(provider.GetRequiredService<IOptions<FeedOptions>>().Value));
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<ArticleMatcher>();
        services.AddSingleton<ArticleStream>();
        services.AddHostedService(provider => provider.GetRequiredService<ArticleStream>());
        services.AddHostedService<WebhookDeliveryService>();
        return services;
    }
}
