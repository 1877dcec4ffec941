using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "owner_key_id",
                table: "alerts",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_alerts_owner_key_id_id",
                table: "alerts",
                columns: new[] { "owner_key_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.AddForeignKey(
                name: "fk_alerts_api_keys_owner_key_id",
                table: "alerts",
                column: "owner_key_id",
                principalTable: "api_keys",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_alerts_api_keys_owner_key_id",
                table: "alerts");

            migrationBuilder.DropIndex(
                name: "ix_alerts_owner_key_id_id",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "owner_key_id",
                table: "alerts");
        }
    }
}
