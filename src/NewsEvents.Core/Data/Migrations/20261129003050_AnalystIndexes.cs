using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalystIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_location_entity_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_target_entity_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_entity_daily_mentions_day",
                table: "entity_daily_mentions");

            migrationBuilder.CreateIndex(
                name: "ix_events_actor_entity_id_event_day_id",
                table: "events",
                columns: new[] { "actor_entity_id", "event_day", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_location_entity_id_event_day_id",
                table: "events",
                columns: new[] { "location_entity_id", "event_day", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_events_target_entity_id_event_day_id",
                table: "events",
                columns: new[] { "target_entity_id", "event_day", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_entity_daily_mentions_day_covering",
                table: "entity_daily_mentions",
                column: "day")
                .Annotation("Npgsql:IndexInclude", new[] { "entity_id", "articles" });

            migrationBuilder.CreateIndex(
                name: "ix_entity_daily_mentions_entity_id_day_covering",
                table: "entity_daily_mentions",
                columns: new[] { "entity_id", "day" })
                .Annotation("Npgsql:IndexInclude", new[] { "articles", "mentions", "tone_sum" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_actor_entity_id_event_day_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_location_entity_id_event_day_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_target_entity_id_event_day_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_entity_daily_mentions_day_covering",
                table: "entity_daily_mentions");

            migrationBuilder.DropIndex(
                name: "ix_entity_daily_mentions_entity_id_day_covering",
                table: "entity_daily_mentions");

            migrationBuilder.CreateIndex(
                name: "ix_events_location_entity_id",
                table: "events",
                column: "location_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_target_entity_id",
                table: "events",
                column: "target_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_entity_daily_mentions_day",
                table: "entity_daily_mentions",
                column: "day");
        }
    }
}
