using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class IngestionJobConfiguration : IEntityTypeConfiguration<IngestionJob>
{
    public void Configure(EntityTypeBuilder<IngestionJob> builder)
    {
        builder.HasKey(j => j.ArticleId);
        builder.HasOne<Article>().WithOne().HasForeignKey<IngestionJob>(j => j.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => j.AvailableAt);
    }
}
