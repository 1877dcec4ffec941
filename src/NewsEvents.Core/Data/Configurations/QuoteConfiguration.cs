using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_quotes_span", "start >= 0 AND \"end\" > start");
            table.HasCheckConstraint("ck_quotes_field", LowerCaseEnum.CheckConstraint<TextField>("field"));
        });
        builder.HasOne<Article>().WithMany().HasForeignKey(q => q.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(q => q.SpeakerEntityId).OnDelete(DeleteBehavior.SetNull);
        builder.Property(q => q.Cue).HasMaxLength(200);
        // A speaker's quotes newest first (QuoteSearch's order) are a range of this index; it serves the foreign key too.
        builder.HasIndex(q => new { q.SpeakerEntityId, q.PublishedOrIngestedAt, q.Id }).IsDescending(false, true, true);
        builder.HasIndex(q => q.ArticleId);
        builder.HasIndex(q => q.Text)
            .IsTsVectorExpressionIndex(NewsEventsDbContext.TextSearchConfiguration)
            .HasDatabaseName("ix_quotes_text_search");
    }
}
