using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class DailyArticlesConfiguration : IEntityTypeConfiguration<DailyArticles>
{
    public void Configure(EntityTypeBuilder<DailyArticles> builder)
    {
        builder.HasKey(d => d.Day);
        builder.ToTable(table => table.HasCheckConstraint("ck_daily_articles_articles", "articles >= 0"));
    }
}

internal sealed class SourceDailyArticlesConfiguration : IEntityTypeConfiguration<SourceDailyArticles>
{
    public void Configure(EntityTypeBuilder<SourceDailyArticles> builder)
    {
        builder.HasKey(d => new { d.SourceId, d.Day });
        builder.HasOne<Source>().WithMany().HasForeignKey(d => d.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(table => table.HasCheckConstraint("ck_source_daily_articles_articles", "articles >= 0"));
    }
}

internal sealed class EntityDailyMentionsConfiguration : IEntityTypeConfiguration<EntityDailyMentions>
{
    public void Configure(EntityTypeBuilder<EntityDailyMentions> builder)
    {
        builder.HasKey(d => new { d.EntityId, d.Day });
        builder.HasOne<Entity>().WithMany().HasForeignKey(d => d.EntityId).OnDelete(DeleteBehavior.Cascade);
        // Covering, so a timeline reads the entity's days from the index alone (its rows are scattered over the heap:
        // one page each for a common entity), and trends read a window's days the same way.
        builder.HasIndex(d => new { d.EntityId, d.Day }).IncludeProperties(d => new { d.Articles, d.Mentions, d.ToneSum })
            .HasDatabaseName("ix_entity_daily_mentions_entity_id_day_covering");
        builder.HasIndex(d => d.Day).IncludeProperties(d => new { d.EntityId, d.Articles })
            .HasDatabaseName("ix_entity_daily_mentions_day_covering");
        builder.ToTable(table => table.HasCheckConstraint("ck_entity_daily_mentions_counts", "articles >= 0 AND mentions >= 0"));
    }
}

internal sealed class EntityTitleConfiguration : IEntityTypeConfiguration<EntityTitle>
{
    public void Configure(EntityTypeBuilder<EntityTitle> builder)
    {
        builder.HasKey(t => new { t.EntityId, t.Title });
        builder.HasOne<Entity>().WithMany().HasForeignKey(t => t.EntityId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(table => table.HasCheckConstraint("ck_entity_titles_articles", "articles >= 0"));
    }
}

internal sealed class EntityPairConfiguration : IEntityTypeConfiguration<EntityPair>
{
    public void Configure(EntityTypeBuilder<EntityPair> builder)
    {
        builder.HasKey(p => new { p.EntityA, p.EntityB });
        builder.HasOne<Entity>().WithMany().HasForeignKey(p => p.EntityA).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(p => p.EntityB).OnDelete(DeleteBehavior.Cascade);
        // Both ways, by count, covering the partner: an entity's pairs (related, network) are read from the index, not
        // from heap pages scattered over the whole table, and its most frequent partners first.
        builder.HasIndex(p => new { p.EntityA, p.Articles }).IncludeProperties(p => p.EntityB).HasDatabaseName("ix_entity_pairs_entity_a_articles");
        builder.HasIndex(p => new { p.EntityB, p.Articles }).IncludeProperties(p => p.EntityA).HasDatabaseName("ix_entity_pairs_entity_b_articles");
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_entity_pairs_order", "entity_a < entity_b");
            table.HasCheckConstraint("ck_entity_pairs_articles", "articles >= 0");
        });
    }
}
