using Microsoft.EntityFrameworkCore;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Data;

public sealed class NewsEventsDbContext(DbContextOptions<NewsEventsDbContext> options) : DbContext(options)
{
    /// <summary>The text search configuration behind the generated search vector and every query against it.</summary>
    public const string TextSearchConfiguration = "english";

    /// <summary>Channel a statement trigger on ingestion_jobs notifies, so idle workers wake at once.</summary>
    public const string IngestionChannel = "ingestion_jobs";

    /// <summary>
    /// Applies pending migrations with no command or statement timeout: a migration that backfills rewrites whole
    /// tables or builds indexes, which on a large store outlasts the limits requests get (and a cancelled migration
    /// would stop the host from starting).
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var timeout = Database.GetCommandTimeout();
        Database.SetCommandTimeout(0);
        await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await Database.ExecuteSqlRawAsync("SET statement_timeout = 0", cancellationToken);
            await Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await Database.ExecuteSqlRawAsync("RESET statement_timeout", CancellationToken.None);
            await Database.CloseConnectionAsync();
            Database.SetCommandTimeout(timeout);
        }
    }
    /// <summary>Channel notified with an article's id when its processing commits (feeds the live stream).</summary>
    public const string ProcessedChannel = "articles_processed";

    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<IngestionJob> IngestionJobs => Set<IngestionJob>();
    public DbSet<Entity> Entities => Set<Entity>();
    public DbSet<EntityAlias> EntityAliases => Set<EntityAlias>();
    public DbSet<ArticleEntity> ArticleEntities => Set<ArticleEntity>();
    public DbSet<DailyArticles> DailyArticles => Set<DailyArticles>();
    public DbSet<SourceDailyArticles> SourceDailyArticles => Set<SourceDailyArticles>();
    public DbSet<EntityDailyMentions> EntityDailyMentions => Set<EntityDailyMentions>();
    public DbSet<EntityTitle> EntityTitles => Set<EntityTitle>();
    public DbSet<EntityPair> EntityPairs => Set<EntityPair>();
    public DbSet<Mention> Mentions => Set<Mention>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<Quote> Quotes => Set<Quote>();
    public DbSet<CurationChange> CurationChanges => Set<CurationChange>();
    public DbSet<Keys.ApiKey> ApiKeys => Set<Keys.ApiKey>();
    public DbSet<Story> Stories => Set<Story>();
    public DbSet<StoryEntity> StoryEntities => Set<StoryEntity>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AlertMatch> AlertMatches => Set<AlertMatch>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ReprocessJob> ReprocessJobs => Set<ReprocessJob>();
    public DbSet<ReprocessJobArticle> ReprocessJobArticles => Set<ReprocessJobArticle>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NewsEventsDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<ArticleStatus>().HaveConversion<LowerCaseEnumConverter<ArticleStatus>>();
        configurationBuilder.Properties<FeedKind>().HaveConversion<LowerCaseEnumConverter<FeedKind>>().HaveMaxLength(8);
        configurationBuilder.Properties<EntityType>().HaveConversion<LowerCaseEnumConverter<EntityType>>().HaveMaxLength(16);
        configurationBuilder.Properties<LocationKind>().HaveConversion<LowerCaseEnumConverter<LocationKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<TextField>().HaveConversion<LowerCaseEnumConverter<TextField>>().HaveMaxLength(8);
        configurationBuilder.Properties<ReprocessJobStatus>().HaveConversion<LowerCaseEnumConverter<ReprocessJobStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<Modality>().HaveConversion<LowerCaseEnumConverter<Modality>>().HaveMaxLength(16);
    }
}
