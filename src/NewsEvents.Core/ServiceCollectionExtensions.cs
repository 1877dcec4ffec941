using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NewsEvents.Core.Alerts;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Curation;
using NewsEvents.Core.Data;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Search;
using Npgsql;

namespace NewsEvents.Core;

public static class ServiceCollectionExtensions
{
    public const string ConnectionStringName = "NewsEvents";

    /// <summary>The store, the ingestion queue with its background workers, feed polling, and search.</summary>
    public static IServiceCollection AddNewsEventsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"No connection string: set ConnectionStrings:{ConnectionStringName} (env ConnectionStrings__{ConnectionStringName}).");
            }
            return new NpgsqlDataSourceBuilder(connectionString)
                .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>())
                .Build();
        });
        services.AddDbContext<NewsEventsDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention()
            // A failed command surfaces as an exception its caller logs; EF's own error entry would log it twice (and
            // cries wolf on a new database, where it probes the migrations history table before creating it).
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.CommandError, LogLevel.Debug))));

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<ArticleIngestor>();
        services.AddSingleton<ArticleSearch>();
        services.AddSingleton<EntitySearch>();
        services.AddSingleton<EntityAnalytics>();
        services.AddSingleton<EventSearch>();
        services.AddSingleton<QuoteSearch>();
        services.AddSingleton<EntityCuration>();
        services.AddSingleton<CurationHistory>();
        services.AddSingleton<IngestionQueue>();
        services.AddSingleton<WorkSignal>();
        services.TryAddScoped<IArticleProcessor, ArticleProcessor>();
        services.AddHostedService<QueueListener>();
        services.AddHostedService<IngestionWorker>();
        services.AddNewsEventsFeeds();
        services.AddNewsEventsAlerts();
        return services;
    }
}
