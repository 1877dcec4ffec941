using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExtractionResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_entity_aliases_entity_id_alias",
                table: "entity_aliases");

            migrationBuilder.DropIndex(
                name: "ix_entities_canonical_name_type",
                table: "entities");

            migrationBuilder.AddColumn<string>(
                name: "cue",
                table: "quotes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "field",
                table: "quotes",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "field",
                table: "mentions",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "cue",
                table: "events",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "field",
                table: "events",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<double>(
                name: "tone",
                table: "events",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<string>(
                name: "key",
                table: "entity_aliases",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "key",
                table: "entities",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "entities",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "part_of_entity_id",
                table: "entities",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "key_phrases",
                table: "articles",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "tone",
                table: "articles",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "article_entities",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    mention_count = table.Column<int>(type: "integer", nullable: false),
                    titles = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_article_entities", x => new { x.article_id, x.entity_id });
                    table.CheckConstraint("ck_article_entities_mention_count", "mention_count > 0");
                    table.ForeignKey(
                        name: "fk_article_entities_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_article_entities_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_quotes_field",
                table: "quotes",
                sql: "field IN ('title', 'body')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_mentions_field",
                table: "mentions",
                sql: "field IN ('title', 'body')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_events_field",
                table: "events",
                sql: "field IN ('title', 'body')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_events_modality",
                table: "events",
                sql: "modality IN ('asserted', 'reported', 'alleged', 'planned', 'negated', 'denied')");

            migrationBuilder.CreateIndex(
                name: "ix_entity_aliases_entity_id",
                table: "entity_aliases",
                column: "entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_entity_aliases_key",
                table: "entity_aliases",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entities_key",
                table: "entities",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entities_part_of_entity_id",
                table: "entities",
                column: "part_of_entity_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_entities_kind",
                table: "entities",
                sql: "kind IN ('country', 'city', 'region', 'other')");

            migrationBuilder.CreateIndex(
                name: "ix_article_entities_entity_id",
                table: "article_entities",
                column: "entity_id");

            migrationBuilder.AddForeignKey(
                name: "fk_entities_entities_part_of_entity_id",
                table: "entities",
                column: "part_of_entity_id",
                principalTable: "entities",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_entities_entities_part_of_entity_id",
                table: "entities");

            migrationBuilder.DropTable(
                name: "article_entities");

            migrationBuilder.DropCheckConstraint(
                name: "ck_quotes_field",
                table: "quotes");

            migrationBuilder.DropCheckConstraint(
                name: "ck_mentions_field",
                table: "mentions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_events_field",
                table: "events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_events_modality",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_entity_aliases_entity_id",
                table: "entity_aliases");

            migrationBuilder.DropIndex(
                name: "ix_entity_aliases_key",
                table: "entity_aliases");

            migrationBuilder.DropIndex(
                name: "ix_entities_key",
                table: "entities");

            migrationBuilder.DropIndex(
                name: "ix_entities_part_of_entity_id",
                table: "entities");

            migrationBuilder.DropCheckConstraint(
                name: "ck_entities_kind",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "cue",
                table: "quotes");

            migrationBuilder.DropColumn(
                name: "field",
                table: "quotes");

            migrationBuilder.DropColumn(
                name: "field",
                table: "mentions");

            migrationBuilder.DropColumn(
                name: "cue",
                table: "events");

            migrationBuilder.DropColumn(
                name: "field",
                table: "events");

            migrationBuilder.DropColumn(
                name: "tone",
                table: "events");

            migrationBuilder.DropColumn(
                name: "key",
                table: "entity_aliases");

            migrationBuilder.DropColumn(
                name: "key",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "part_of_entity_id",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "key_phrases",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "tone",
                table: "articles");

            migrationBuilder.CreateIndex(
                name: "ix_entity_aliases_entity_id_alias",
                table: "entity_aliases",
                columns: new[] { "entity_id", "alias" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entities_canonical_name_type",
                table: "entities",
                columns: new[] { "canonical_name", "type" },
                unique: true);
        }
    }
}
