using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Core.Keys;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_alerts_entity_type", LowerCaseEnum.CheckConstraint<EntityType>("entity_type"));
            table.HasCheckConstraint("ck_alerts_webhook_secret", "(webhook_url IS NULL) = (webhook_secret IS NULL)");
        });
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.Query).HasMaxLength(1000);
        builder.Property(a => a.WebhookUrl).HasMaxLength(2048);
        builder.Property(a => a.WebhookSecret).HasMaxLength(100);
        builder.Property(a => a.Words).HasMaxLength(1000);
        // Compiled once, when the alert is saved, so matching an article only tests it (websearch_to_tsquery with
        // a fixed configuration is immutable, so PostgreSQL can store it).
        builder.Property(a => a.SearchQuery).HasComputedColumnSql(
            $"websearch_to_tsquery('{NewsEventsDbContext.TextSearchConfiguration}', words)", stored: true);
        builder.Property(a => a.Source).HasMaxLength(200);
        builder.Property(a => a.Language).HasMaxLength(20);
        builder.Property(a => a.EventCode).HasMaxLength(8);
        // Entities are merged (into a survivor the match follows), never deleted; if one were, its alerts must not
        // silently lose their entity condition and start matching everything.
        builder.HasOne<Entity>().WithMany().HasForeignKey(a => a.EntityId).OnDelete(DeleteBehavior.Restrict);
        // Keys are revoked, not deleted, so a revoked key's alerts keep their owner; were a key row ever deleted,
        // its alerts fall to the admins (owner null) rather than blocking the delete or vanishing with it.
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(a => a.OwnerKeyId).OnDelete(DeleteBehavior.SetNull);
        // A key lists its own alerts newest first.
        builder.HasIndex(a => new { a.OwnerKeyId, a.Id }).IsDescending(false, true);
    }
}

internal sealed class AlertMatchConfiguration : IEntityTypeConfiguration<AlertMatch>
{
    public void Configure(EntityTypeBuilder<AlertMatch> builder)
    {
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.HasOne<Alert>().WithMany().HasForeignKey(m => m.AlertId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Article>().WithMany().HasForeignKey(m => m.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // An article reprocessed later does not match (nor notify) again; the matches list pages on (alert, id).
        builder.HasIndex(m => new { m.AlertId, m.ArticleId }).IsUnique();
        builder.HasIndex(m => new { m.AlertId, m.Id }).IsDescending(false, true);
        builder.HasIndex(m => m.ArticleId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.HasKey(d => d.MatchId);
        builder.HasOne<AlertMatch>().WithOne().HasForeignKey<WebhookDelivery>(d => d.MatchId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        builder.ToTable(table => table.HasCheckConstraint("ck_webhook_deliveries_attempts", "attempts >= 0"));
        // Deliverers look for the next due delivery still pending: only those rows are in the index.
        builder.HasIndex(d => d.AvailableAt).HasFilter("delivered_at IS NULL AND failed_at IS NULL");
    }
}
