using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class ReprocessJobConfiguration : IEntityTypeConfiguration<ReprocessJob>
{
    public void Configure(EntityTypeBuilder<ReprocessJob> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_reprocess_jobs_status", LowerCaseEnum.CheckConstraint<ReprocessJobStatus>("status"));
            table.HasCheckConstraint("ck_reprocess_jobs_range", "from_at IS NULL OR to_at IS NULL OR from_at < to_at");
        });
        builder.Property(j => j.Source).HasMaxLength(200);
        builder.Property(j => j.ExtractorVersion).HasMaxLength(65);
        // The service looks for unfinished jobs, oldest first.
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
    }
}

internal sealed class ReprocessJobArticleConfiguration : IEntityTypeConfiguration<ReprocessJobArticle>
{
    public void Configure(EntityTypeBuilder<ReprocessJobArticle> builder)
    {
        builder.HasKey(j => new { j.JobId, j.ArticleId });
        builder.HasOne<ReprocessJob>().WithMany().HasForeignKey(j => j.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(j => j.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => j.ArticleId);
    }
}
