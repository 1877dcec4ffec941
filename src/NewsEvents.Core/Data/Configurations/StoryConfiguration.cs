using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class StoryConfiguration : IEntityTypeConfiguration<Story>
{
    public void Configure(EntityTypeBuilder<Story> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_stories_counts", "article_count >= 0 AND source_count >= 0 AND source_count <= article_count");
            table.HasCheckConstraint("ck_stories_span", "first_published_at <= last_published_at");
        });
        // The list pages walk this index newest first; clustering looks for stories whose span reaches an article's time.
        builder.HasIndex(s => new { s.LastPublishedAt, s.Id }).IsDescending(true, true);
    }
}

internal sealed class StoryEntityConfiguration : IEntityTypeConfiguration<StoryEntity>
{
    public void Configure(EntityTypeBuilder<StoryEntity> builder)
    {
        builder.HasKey(e => new { e.StoryId, e.EntityId });
        builder.HasOne<Story>().WithMany().HasForeignKey(e => e.StoryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(e => e.EntityId).OnDelete(DeleteBehavior.Cascade);
        // Candidate stories are found from an article's entities.
        builder.HasIndex(e => new { e.EntityId, e.StoryId });
        builder.ToTable(table => table.HasCheckConstraint("ck_story_entities_article_count", "article_count > 0"));
    }
}
