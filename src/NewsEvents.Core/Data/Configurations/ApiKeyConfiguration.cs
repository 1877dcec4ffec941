using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Core.Keys;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys", table =>
        {
            table.HasCheckConstraint("ck_api_keys_scopes",
                $"cardinality(scopes) > 0 AND scopes <@ ARRAY[{string.Join(", ", Enum.GetValues<ApiScope>().Select(s => $"'{ApiScopes.Stored(s)}'"))}]::varchar[]");
            table.HasCheckConstraint("ck_api_keys_secret_hash", "octet_length(secret_hash) = 32");
        });
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
        // Two live keys of one name would make the curation history ambiguous; a revoked key frees its name.
        builder.HasIndex(k => k.Name).IsUnique().HasFilter("revoked_at IS NULL");
        builder.Property(k => k.Scopes).HasColumnType("varchar(8)[]");
        builder.Property(k => k.Prefix).HasMaxLength(ApiKeySecrets.PrefixLength);
        builder.HasIndex(k => k.Prefix);
        builder.HasIndex(k => k.SecretHash).IsUnique();
    }
}
