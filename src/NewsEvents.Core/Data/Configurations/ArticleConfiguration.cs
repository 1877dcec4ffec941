using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_articles_status", LowerCaseEnum.CheckConstraint<ArticleStatus>("status"));
            table.HasCheckConstraint("ck_articles_content_hash_length", "octet_length(content_hash) = 32");
        });

        builder.HasOne(a => a.Source).WithMany().HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(a => a.Url).HasMaxLength(2048);
        builder.Property(a => a.CanonicalUrl).HasMaxLength(2048);
        builder.Property(a => a.Author).HasMaxLength(300);
        builder.Property(a => a.Language).HasMaxLength(35);
        builder.Property(a => a.Status).HasMaxLength(16);
        builder.Property(a => a.ExtractorVersion).HasMaxLength(64);

        builder.HasIndex(a => a.CanonicalUrl).IsUnique();
        builder.HasIndex(a => a.ContentHash).IsUnique();

        // coalesce is immutable, so PostgreSQL can store it; "newest first" pages walk this column's index.
        builder.Property(a => a.PublishedOrIngestedAt)
            .HasComputedColumnSql("coalesce(published_at, ingested_at)", stored: true);
        builder.HasIndex(a => new { a.PublishedOrIngestedAt, a.Id }).IsDescending(true, true);

        builder.Property(a => a.SearchVector).HasComputedColumnSql(
            $"setweight(to_tsvector('{NewsEventsDbContext.TextSearchConfiguration}', title), 'A') || " +
            $"setweight(to_tsvector('{NewsEventsDbContext.TextSearchConfiguration}', body), 'B')",
            stored: true);
        builder.HasIndex(a => a.SearchVector).HasMethod("gin");

        // Deleting an original leaves its copies standing alone rather than deleting them with it.
        builder.HasOne<Article>().WithMany().HasForeignKey(a => a.DuplicateOf).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => a.DuplicateOf);
        builder.HasIndex(a => a.NearDuplicateKeys).HasMethod("gin").HasStorageParameter("fastupdate", false);

        builder.HasOne<Story>().WithMany().HasForeignKey(a => a.StoryId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => a.StoryId);
    }
}
