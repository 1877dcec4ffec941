using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Alerts;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Curation;
using NewsEvents.Core.Data;
using NewsEvents.Core.Feeds;
using NewsEvents.Core.Ingestion;
using NewsEvents.Core.Keys;
using NewsEvents.Core.Reprocessing;
using NewsEvents.Core.Search;
using NewsEvents.Core.Stories;
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
            var builder = new NpgsqlDataSourceBuilder(connectionString).UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            var statementTimeout = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.StatementTimeout;
            if (statementTimeout > TimeSpan.Zero)
            {
                // A startup parameter, so it holds on every connection without a SET per checkout.
                builder.ConnectionStringBuilder.Options = FormattableString.Invariant($"{builder.ConnectionStringBuilder.Options} -c statement_timeout={(long)statementTimeout.TotalMilliseconds}").Trim();
            }
            return new StoreConnections(builder);
        });
        services.AddSingleton(provider => provider.GetRequiredService<StoreConnections>().Primary);
        // Pooled: every request authenticates through a context (the API-key store takes one), and building its options
        // each time took 7% of all CPU under the entity detail's load, 14% of the API's request threads
        // (docs/benchmarks/analyst-endpoints.md).
        services.AddDbContextPool<NewsEventsDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention()
            // A failed command surfaces as an exception its caller logs; EF's own error entry would log it twice (and
            // cries wolf on a new database, where it probes the migrations history table before creating it).
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.CommandError, LogLevel.Debug))));

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<StoryOptions>().BindConfiguration(StoryOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<ArticleIngestor>();
        services.AddScoped<ApiKeyStore>();
        services.AddSingleton(provider => new ArticleSearch(ReadsOf(provider), provider.GetRequiredService<ArticleIndex>()));
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SearchOptions>>().Value;
            var path = string.IsNullOrWhiteSpace(options.IndexPath)
                ? null
                : Path.GetFullPath(options.IndexPath, provider.GetRequiredService<IHostEnvironment>().ContentRootPath);
            // Fed from the primary: the pending set must be as new as the index, whatever a standby lags.
            return new ArticleIndex(path, provider.GetRequiredService<NpgsqlDataSource>(), options.MaxPending);
        });
        services.AddHostedService<SearchIndexer>();
        services.AddSingleton(provider => new EntitySearch(ReadsOf(provider)));
        services.AddSingleton(provider => new EntityAnalytics(ReadsOf(provider)));
        services.AddSingleton(provider => new EventSearch(ReadsOf(provider)));
        services.AddSingleton(provider => new QuoteSearch(ReadsOf(provider)));
        services.AddSingleton(provider => new StorySearch(ReadsOf(provider)));
        services.AddSingleton<StoryClusterer>();
        services.AddSingleton<EntityCuration>();
        services.AddSingleton<CurationHistory>();
        services.AddSingleton<IngestionQueue>();
        services.AddSingleton<IngestionQueueDepth>();
        services.AddSingleton<WorkSignal>();
        services.TryAddScoped<IArticleProcessor, ArticleProcessor>();
        services.AddHostedService<QueueListener>();
        services.AddHostedService<IngestionWorker>();
        services.AddSingleton<ReprocessJobs>();
        services.AddHostedService<ReprocessService>();
        services.AddNewsEventsFeeds();
        services.AddNewsEventsAlerts();
        return services;
    }

    private static NpgsqlDataSource ReadsOf(IServiceProvider provider) => provider.GetRequiredService<StoreConnections>().Reads;
}
