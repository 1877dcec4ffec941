using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> builder)
    {
        builder.ToTable(table => table.HasCheckConstraint("ck_quotes_span", "start >= 0 AND \"end\" > start"));
        builder.HasOne<Article>().WithMany().HasForeignKey(q => q.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(q => q.SpeakerEntityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(q => q.SpeakerEntityId);
    }
}
