using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    query = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    webhook_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    webhook_secret = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    words = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    search_query = table.Column<NpgsqlTsQuery>(type: "tsquery", nullable: true, computedColumnSql: "websearch_to_tsquery('english', words)", stored: true),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    entity_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    event_code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    from_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    to_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alerts", x => x.id);
                    table.CheckConstraint("ck_alerts_entity_type", "entity_type IN ('person', 'organization', 'location', 'group', 'other')");
                    table.CheckConstraint("ck_alerts_webhook_secret", "(webhook_url IS NULL) = (webhook_secret IS NULL)");
                    table.ForeignKey(
                        name: "fk_alerts_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "alert_matches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    alert_id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    matched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_matches", x => x.id);
                    table.ForeignKey(
                        name: "fk_alert_matches_alerts_alert_id",
                        column: x => x.alert_id,
                        principalTable: "alerts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_alert_matches_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    match_id = table.Column<long>(type: "bigint", nullable: false),
                    available_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.match_id);
                    table.CheckConstraint("ck_webhook_deliveries_attempts", "attempts >= 0");
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_alert_matches_match_id",
                        column: x => x.match_id,
                        principalTable: "alert_matches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_alert_matches_alert_id_article_id",
                table: "alert_matches",
                columns: new[] { "alert_id", "article_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_alert_matches_alert_id_id",
                table: "alert_matches",
                columns: new[] { "alert_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_alert_matches_article_id",
                table: "alert_matches",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_alerts_entity_id",
                table: "alerts",
                column: "entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_available_at",
                table: "webhook_deliveries",
                column: "available_at",
                filter: "delivered_at IS NULL AND failed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "alert_matches");

            migrationBuilder.DropTable(
                name: "alerts");
        }
    }
}
