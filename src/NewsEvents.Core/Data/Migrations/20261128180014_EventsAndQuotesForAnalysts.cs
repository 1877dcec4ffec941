using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventsAndQuotesForAnalysts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_actor_entity_id",
                table: "events");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "rejected_at",
                table: "quotes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "event_day",
                table: "events",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "rejected_at",
                table: "events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_quotes_text_search",
                table: "quotes",
                column: "text")
                .Annotation("Npgsql:TsVectorConfig", "english");

            migrationBuilder.CreateIndex(
                name: "ix_events_event_day_id",
                table: "events",
                columns: new[] { "event_day", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_sentence_search",
                table: "events",
                column: "sentence")
                .Annotation("Npgsql:TsVectorConfig", "english");

            migrationBuilder.CreateIndex(
                name: "ix_events_signature",
                table: "events",
                columns: new[] { "actor_entity_id", "target_entity_id", "event_day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_quotes_text_search",
                table: "quotes");

            migrationBuilder.DropIndex(
                name: "ix_events_event_day_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_sentence_search",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_signature",
                table: "events");

            migrationBuilder.DropColumn(
                name: "rejected_at",
                table: "quotes");

            migrationBuilder.DropColumn(
                name: "event_day",
                table: "events");

            migrationBuilder.DropColumn(
                name: "rejected_at",
                table: "events");

            migrationBuilder.CreateIndex(
                name: "ix_events_actor_entity_id",
                table: "events",
                column: "actor_entity_id");
        }
    }
}
