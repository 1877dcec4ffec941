using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class MentionConfiguration : IEntityTypeConfiguration<Mention>
{
    public void Configure(EntityTypeBuilder<Mention> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_mentions_span", "start >= 0 AND \"end\" > start");
            table.HasCheckConstraint("ck_mentions_field", LowerCaseEnum.CheckConstraint<TextField>("field"));
        });
        builder.Property(m => m.Text).HasMaxLength(300);
        builder.HasOne<Article>().WithMany().HasForeignKey(m => m.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(m => m.EntityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.EntityId, m.ArticleId });
        builder.HasIndex(m => m.ArticleId);
    }
}
