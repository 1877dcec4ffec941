using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Core.Data.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.ToTable(table =>
        {
            table.HasCheckConstraint("ck_events_sentence_span", "sentence_start >= 0 AND sentence_end > sentence_start");
            table.HasCheckConstraint("ck_events_confidence", "confidence BETWEEN 0 AND 1");
            table.HasCheckConstraint("ck_events_modality", LowerCaseEnum.CheckConstraint<Modality>("modality"));
            table.HasCheckConstraint("ck_events_field", LowerCaseEnum.CheckConstraint<TextField>("field"));
        });
        builder.Property(e => e.TypeCode).HasMaxLength(8);
        builder.Property(e => e.Cue).HasMaxLength(200);
        builder.HasOne<Article>().WithMany().HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Entity>().WithMany().HasForeignKey(e => e.ActorEntityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Entity>().WithMany().HasForeignKey(e => e.TargetEntityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Entity>().WithMany().HasForeignKey(e => e.LocationEntityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.TypeCode, e.OccurredOn });
        builder.HasIndex(e => e.ArticleId);
        builder.HasIndex(e => new { e.EventDay, e.Id });
        // The signature reports of one event share: see EventQueries.
        builder.HasIndex(e => new { e.ActorEntityId, e.TargetEntityId, e.EventDay }).HasDatabaseName("ix_events_signature");
        // An entity's events newest first, one range per role: EventSearch merges the three for ?entity=.
        builder.HasIndex(e => new { e.ActorEntityId, e.EventDay, e.Id });
        builder.HasIndex(e => new { e.TargetEntityId, e.EventDay, e.Id });
        builder.HasIndex(e => new { e.LocationEntityId, e.EventDay, e.Id });
        builder.HasIndex(e => e.Sentence)
            .IsTsVectorExpressionIndex(NewsEventsDbContext.TextSearchConfiguration)
            .HasDatabaseName("ix_events_sentence_search");
    }
}
