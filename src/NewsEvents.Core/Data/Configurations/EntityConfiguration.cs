using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class EntityConfiguration : IEntityTypeConfiguration<Entity>
{
    public void Configure(EntityTypeBuilder<Entity> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_entities_type", LowerCaseEnum.CheckConstraint<EntityType>("type"));
            table.HasCheckConstraint("ck_entities_kind", LowerCaseEnum.CheckConstraint<LocationKind>("kind"));
        });
        builder.Property(e => e.Key).HasMaxLength(300);
        builder.Property(e => e.CanonicalName).HasMaxLength(300);
        builder.Property(e => e.CountryCode).HasMaxLength(2).IsFixedLength();
        builder.HasIndex(e => e.Key).IsUnique();
        builder.HasOne<Entity>().WithMany().HasForeignKey(e => e.PartOfEntityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => e.CanonicalName).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_entities_canonical_name_trgm");
        builder.HasOne<Entity>().WithMany().HasForeignKey(e => e.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.MergedIntoId).HasFilter("merged_into_id IS NOT NULL");
        builder.HasMany(e => e.Aliases).WithOne().HasForeignKey(a => a.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}
