using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class NearDuplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "duplicate_of",
                table: "articles",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int[]>(
                name: "min_hash",
                table: "articles",
                type: "integer[]",
                nullable: true);

            migrationBuilder.AddColumn<long[]>(
                name: "near_duplicate_keys",
                table: "articles",
                type: "bigint[]",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_duplicate_of",
                table: "articles",
                column: "duplicate_of");

            migrationBuilder.CreateIndex(
                name: "ix_articles_near_duplicate_keys",
                table: "articles",
                column: "near_duplicate_keys")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.AddForeignKey(
                name: "fk_articles_articles_duplicate_of",
                table: "articles",
                column: "duplicate_of",
                principalTable: "articles",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_articles_articles_duplicate_of",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "ix_articles_duplicate_of",
                table: "articles");

            migrationBuilder.DropIndex(
                name: "ix_articles_near_duplicate_keys",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "duplicate_of",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "min_hash",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "near_duplicate_keys",
                table: "articles");
        }
    }
}
