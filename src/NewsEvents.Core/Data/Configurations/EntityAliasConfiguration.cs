using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class EntityAliasConfiguration : IEntityTypeConfiguration<EntityAlias>
{
    public void Configure(EntityTypeBuilder<EntityAlias> builder)
    {
        builder.Property(a => a.Alias).HasMaxLength(300);
        builder.Property(a => a.Key).HasMaxLength(300);
        builder.HasIndex(a => a.Key).IsUnique();
        builder.HasIndex(a => a.EntityId);
        builder.HasIndex(a => a.Alias).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_entity_aliases_alias_trgm");
    }
}
