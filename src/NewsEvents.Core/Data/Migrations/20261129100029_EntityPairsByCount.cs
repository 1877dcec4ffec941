using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <summary>
    /// An entity's partners by count, most frequent first: the ranking of related entities scores those first and stops
    /// where no rarer pair can score higher, instead of scoring all of a hub's thousands.
    /// </summary>
    public partial class EntityPairsByCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_a_covering",
                table: "entity_pairs");

            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_b_covering",
                table: "entity_pairs");

            migrationBuilder.CreateIndex(
                name: "ix_entity_pairs_entity_a_articles",
                table: "entity_pairs",
                columns: new[] { "entity_a", "articles" })
                .Annotation("Npgsql:IndexInclude", new[] { "entity_b" });

            migrationBuilder.CreateIndex(
                name: "ix_entity_pairs_entity_b_articles",
                table: "entity_pairs",
                columns: new[] { "entity_b", "articles" })
                .Annotation("Npgsql:IndexInclude", new[] { "entity_a" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_a_articles",
                table: "entity_pairs");

            migrationBuilder.DropIndex(
                name: "ix_entity_pairs_entity_b_articles",
                table: "entity_pairs");

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
    }
}
