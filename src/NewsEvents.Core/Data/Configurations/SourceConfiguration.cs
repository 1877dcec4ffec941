using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_sources_feed_kind", LowerCaseEnum.CheckConstraint<FeedKind>("feed_kind"));
            // A feed has everything polling needs; a source without one has no polling state at all.
            table.HasCheckConstraint("ck_sources_feed_complete",
                "(feed_url IS NULL AND poll_interval IS NULL AND next_poll_at IS NULL) OR " +
                "(feed_url IS NOT NULL AND poll_interval > interval '0' AND next_poll_at IS NOT NULL)");
            table.HasCheckConstraint("ck_sources_item_counts", "items_seen >= 0 AND items_accepted >= 0");
        });

        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.FeedUrl).HasMaxLength(2048);
        builder.HasIndex(s => s.FeedUrl).IsUnique().HasDatabaseName(Source.FeedUrlIndex);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Property(s => s.ETag).HasColumnName("etag").HasMaxLength(1000);
        builder.Property(s => s.LastModified).HasMaxLength(100);
        // Pollers look for the next due, enabled feed: only those rows are in the index.
        builder.HasIndex(s => s.NextPollAt).HasFilter("enabled AND feed_url IS NOT NULL");
    }
}
