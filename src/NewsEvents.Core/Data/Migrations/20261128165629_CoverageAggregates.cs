using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CoverageAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "article_count",
                table: "entities",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_seen",
                table: "entities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_seen",
                table: "entities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "mention_count",
                table: "entities",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "tone",
                table: "article_entities",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.CreateTable(
                name: "daily_articles",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    articles = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_articles", x => x.day);
                    table.CheckConstraint("ck_daily_articles_articles", "articles >= 0");
                });

            migrationBuilder.CreateTable(
                name: "entity_daily_mentions",
                columns: table => new
                {
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    articles = table.Column<int>(type: "integer", nullable: false),
                    mentions = table.Column<int>(type: "integer", nullable: false),
                    tone_sum = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entity_daily_mentions", x => new { x.entity_id, x.day });
                    table.CheckConstraint("ck_entity_daily_mentions_counts", "articles >= 0 AND mentions >= 0");
                    table.ForeignKey(
                        name: "fk_entity_daily_mentions_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "entity_pairs",
                columns: table => new
                {
                    entity_a = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_b = table.Column<Guid>(type: "uuid", nullable: false),
                    articles = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entity_pairs", x => new { x.entity_a, x.entity_b });
                    table.CheckConstraint("ck_entity_pairs_articles", "articles >= 0");
                    table.CheckConstraint("ck_entity_pairs_order", "entity_a < entity_b");
                    table.ForeignKey(
                        name: "fk_entity_pairs_entities_entity_a",
                        column: x => x.entity_a,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_entity_pairs_entities_entity_b",
                        column: x => x.entity_b,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "source_daily_articles",
                columns: table => new
                {
                    source_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    articles = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_source_daily_articles", x => new { x.source_id, x.day });
                    table.CheckConstraint("ck_source_daily_articles_articles", "articles >= 0");
                    table.ForeignKey(
                        name: "fk_source_daily_articles_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_entity_daily_mentions_day",
                table: "entity_daily_mentions",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_entity_pairs_entity_b",
                table: "entity_pairs",
                column: "entity_b");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "daily_articles");

            migrationBuilder.DropTable(
                name: "entity_daily_mentions");

            migrationBuilder.DropTable(
                name: "entity_pairs");

            migrationBuilder.DropTable(
                name: "source_daily_articles");

            migrationBuilder.DropColumn(
                name: "article_count",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "first_seen",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "last_seen",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "mention_count",
                table: "entities");

            migrationBuilder.DropColumn(
                name: "tone",
                table: "article_entities");
        }
    }
}
