using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class EntityConfiguration : IEntityTypeConfiguration<Entity>
{
    public void Configure(EntityTypeBuilder<Entity> builder)
    {
        builder.ToTable(table => table.HasCheckConstraint("ck_entities_type", LowerCaseEnum.CheckConstraint<EntityType>("type")));
        builder.Property(e => e.CanonicalName).HasMaxLength(300);
        builder.Property(e => e.Type).HasMaxLength(16);
        builder.Property(e => e.CountryCode).HasMaxLength(2).IsFixedLength();
        builder.HasIndex(e => new { e.CanonicalName, e.Type }).IsUnique();
        builder.HasIndex(e => e.CanonicalName).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_entities_canonical_name_trgm");
        builder.HasMany(e => e.Aliases).WithOne().HasForeignKey(a => a.EntityId).OnDelete(DeleteBehavior.Cascade);
    }
}
