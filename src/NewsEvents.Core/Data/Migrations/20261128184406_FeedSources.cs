using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class FeedSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "enabled",
                table: "sources",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "etag",
                table: "sources",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "feed_kind",
                table: "sources",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "feed_url",
                table: "sources",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "items_accepted",
                table: "sources",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "items_seen",
                table: "sources",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "sources",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_modified",
                table: "sources",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_polled_at",
                table: "sources",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_success_at",
                table: "sources",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_poll_at",
                table: "sources",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "poll_interval",
                table: "sources",
                type: "interval",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_sources_feed_url",
                table: "sources",
                column: "feed_url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sources_next_poll_at",
                table: "sources",
                column: "next_poll_at",
                filter: "enabled AND feed_url IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_sources_feed_complete",
                table: "sources",
                sql: "(feed_url IS NULL AND poll_interval IS NULL AND next_poll_at IS NULL) OR (feed_url IS NOT NULL AND poll_interval > interval '0' AND next_poll_at IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_sources_feed_kind",
                table: "sources",
                sql: "feed_kind IN ('rss', 'atom', 'json')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_sources_item_counts",
                table: "sources",
                sql: "items_seen >= 0 AND items_accepted >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sources_feed_url",
                table: "sources");

            migrationBuilder.DropIndex(
                name: "ix_sources_next_poll_at",
                table: "sources");

            migrationBuilder.DropCheckConstraint(
                name: "ck_sources_feed_complete",
                table: "sources");

            migrationBuilder.DropCheckConstraint(
                name: "ck_sources_feed_kind",
                table: "sources");

            migrationBuilder.DropCheckConstraint(
                name: "ck_sources_item_counts",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "enabled",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "etag",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "feed_kind",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "feed_url",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "items_accepted",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "items_seen",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "last_modified",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "last_polled_at",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "last_success_at",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "next_poll_at",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "poll_interval",
                table: "sources");
        }
    }
}
