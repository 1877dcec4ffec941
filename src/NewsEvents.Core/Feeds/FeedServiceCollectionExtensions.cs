using Microsoft.Extensions.DependencyInjection;

namespace NewsEvents.Core.Feeds;

public static class FeedServiceCollectionExtensions
{
    /// <summary>Feed polling: options, the guarded HTTP client, the poller and its background service.</summary>
    public static IServiceCollection AddNewsEventsFeeds(this IServiceCollection services)
    {
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddFeedHttpClient();
        services.AddSingleton<FeedFetcher>();
        services.AddScoped<FeedPoller>();
        services.AddHostedService<FeedPollingService>();
        return services;
    }
}
