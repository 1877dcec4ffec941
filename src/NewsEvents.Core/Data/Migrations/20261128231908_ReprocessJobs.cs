using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReprocessJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reprocess_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    from_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    to_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    extractor_version = table.Column<string>(type: "character varying(65)", maxLength: 65, nullable: true),
                    total = table.Column<int>(type: "integer", nullable: true),
                    queued = table.Column<int>(type: "integer", nullable: false),
                    processed = table.Column<int>(type: "integer", nullable: true),
                    failed = table.Column<int>(type: "integer", nullable: true),
                    last_queued_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reprocess_jobs", x => x.id);
                    table.CheckConstraint("ck_reprocess_jobs_range", "from_at IS NULL OR to_at IS NULL OR from_at < to_at");
                    table.CheckConstraint("ck_reprocess_jobs_status", "status IN ('pending', 'queueing', 'running', 'completed')");
                });

            migrationBuilder.CreateTable(
                name: "reprocess_job_articles",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reprocess_job_articles", x => new { x.job_id, x.article_id });
                    table.ForeignKey(
                        name: "fk_reprocess_job_articles_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reprocess_job_articles_reprocess_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "reprocess_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reprocess_job_articles_article_id",
                table: "reprocess_job_articles",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_reprocess_jobs_status_created_at",
                table: "reprocess_jobs",
                columns: new[] { "status", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reprocess_job_articles");

            migrationBuilder.DropTable(
                name: "reprocess_jobs");
        }
    }
}
