using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalystScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_quotes_speaker_entity_id",
                table: "quotes");

            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_b",
                table: "entity_pairs");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "published_or_ingested_at",
                table: "quotes",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Existing quotes take their article's time; then no default, so a writer that forgets the column fails.
            migrationBuilder.Sql("""
                UPDATE quotes AS q SET published_or_ingested_at = a.published_or_ingested_at FROM articles AS a WHERE a.id = q.article_id;
                ALTER TABLE quotes ALTER COLUMN published_or_ingested_at DROP DEFAULT;
                """);

            migrationBuilder.CreateTable(
                name: "entity_titles",
                columns: table => new
                {
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    articles = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entity_titles", x => new { x.entity_id, x.title });
                    table.CheckConstraint("ck_entity_titles_articles", "articles >= 0");
                    table.ForeignKey(
                        name: "fk_entity_titles_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The titles of every article already counted, as CoverageCounts would have added them.
            migrationBuilder.Sql("""
                INSERT INTO entity_titles (entity_id, title, articles)
                SELECT ae.entity_id, title, count(*) FROM article_entities AS ae CROSS JOIN LATERAL unnest(ae.titles) AS title GROUP BY 1, 2;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_quotes_speaker_entity_id_published_or_ingested_at_id",
                table: "quotes",
                columns: new[] { "speaker_entity_id", "published_or_ingested_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_entity_pairs_entity_a_covering",
                table: "entity_pairs",
                column: "entity_a")
                .Annotation("Npgsql:IndexInclude", new[] { "entity_b", "articles" });

            migrationBuilder.CreateIndex(
                name: "ix_entity_pairs_entity_b_covering",
                table: "entity_pairs",
                column: "entity_b")
                .Annotation("Npgsql:IndexInclude", new[] { "entity_a", "articles" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "entity_titles");

            migrationBuilder.DropIndex(
                name: "ix_quotes_speaker_entity_id_published_or_ingested_at_id",
                table: "quotes");

            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_a_covering",
                table: "entity_pairs");

            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_b_covering",
                table: "entity_pairs");

            migrationBuilder.DropColumn(
                name: "published_or_ingested_at",
                table: "quotes");

            migrationBuilder.CreateIndex(
                name: "ix_quotes_speaker_entity_id",
                table: "quotes",
                column: "speaker_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_entity_pairs_entity_b",
                table: "entity_pairs",
                column: "entity_b");
        }
    }
}
