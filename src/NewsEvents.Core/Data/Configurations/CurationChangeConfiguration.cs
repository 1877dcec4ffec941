using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Core.Curation;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class CurationChangeConfiguration : IEntityTypeConfiguration<CurationChange>
{
    public void Configure(EntityTypeBuilder<CurationChange> builder)
    {
        builder.ToTable(table => table.HasCheckConstraint("ck_curation_changes_action",
            $"action IN ({string.Join(", ", Enum.GetValues<CurationAction>().Select(action => $"'{action.Stored()}'"))})"));
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.Curator).HasMaxLength(CurationActions.MaxCuratorLength);
        builder.Property(c => c.Action).HasMaxLength(32);
        builder.Property(c => c.Before).HasColumnType("jsonb");
        builder.Property(c => c.After).HasColumnType("jsonb");
        // History pages filter on the entities a change concerns.
        builder.HasIndex(c => c.EntityIds).HasMethod("gin");
    }
}
