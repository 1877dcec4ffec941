using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Stories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "story_id",
                table: "articles",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "stories",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    article_count = table.Column<int>(type: "integer", nullable: false),
                    source_count = table.Column<int>(type: "integer", nullable: false),
                    first_published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    key_terms = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stories", x => x.id);
                    table.CheckConstraint("ck_stories_counts", "article_count >= 0 AND source_count >= 0 AND source_count <= article_count");
                    table.CheckConstraint("ck_stories_span", "first_published_at <= last_published_at");
                });

            migrationBuilder.CreateTable(
                name: "story_entities",
                columns: table => new
                {
                    story_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_story_entities", x => new { x.story_id, x.entity_id });
                    table.CheckConstraint("ck_story_entities_article_count", "article_count > 0");
                    table.ForeignKey(
                        name: "fk_story_entities_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_story_entities_stories_story_id",
                        column: x => x.story_id,
                        principalTable: "stories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_articles_story_id",
                table: "articles",
                column: "story_id");

            migrationBuilder.CreateIndex(
                name: "ix_stories_last_published_at_id",
                table: "stories",
                columns: new[] { "last_published_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_story_entities_entity_id_story_id",
                table: "story_entities",
                columns: new[] { "entity_id", "story_id" });

            migrationBuilder.AddForeignKey(
                name: "fk_articles_stories_story_id",
                table: "articles",
                column: "story_id",
                principalTable: "stories",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_articles_stories_story_id",
                table: "articles");

            migrationBuilder.DropTable(
                name: "story_entities");

            migrationBuilder.DropTable(
                name: "stories");

            migrationBuilder.DropIndex(
                name: "ix_articles_story_id",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "story_id",
                table: "articles");
        }
    }
}
