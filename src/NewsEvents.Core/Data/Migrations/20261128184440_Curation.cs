using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Curation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_id",
                table: "entities",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "curation_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    curator = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_ids = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    before = table.Column<string>(type: "jsonb", nullable: true),
                    after = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_curation_changes", x => x.id);
                    table.CheckConstraint("ck_curation_changes_action", "action IN ('alias_added', 'alias_removed', 'merged', 'split', 'type_changed', 'event_rejected', 'event_restored', 'quote_rejected', 'quote_restored')");
                });

            migrationBuilder.CreateIndex(
                name: "ix_entities_merged_into_id",
                table: "entities",
                column: "merged_into_id",
                filter: "merged_into_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_curation_changes_entity_ids",
                table: "curation_changes",
                column: "entity_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.AddForeignKey(
                name: "fk_entities_entities_merged_into_id",
                table: "entities",
                column: "merged_into_id",
                principalTable: "entities",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_entities_entities_merged_into_id",
                table: "entities");

            migrationBuilder.DropTable(
                name: "curation_changes");

            migrationBuilder.DropIndex(
                name: "ix_entities_merged_into_id",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "merged_into_id",
                table: "entities");
        }
    }
}
