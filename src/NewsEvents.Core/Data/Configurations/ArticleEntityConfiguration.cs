using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class ArticleEntityConfiguration : IEntityTypeConfiguration<ArticleEntity>
{
    public void Configure(EntityTypeBuilder<ArticleEntity> builder)
    {
        builder.ToTable(table => table.HasCheckConstraint("ck_article_entities_mention_count", "mention_count > 0"));
        builder.HasKey(ae => new { ae.ArticleId, ae.EntityId });
        builder.HasOne<Article>().WithMany().HasForeignKey(ae => ae.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(ae => ae.EntityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(ae => ae.EntityId);
    }
}
