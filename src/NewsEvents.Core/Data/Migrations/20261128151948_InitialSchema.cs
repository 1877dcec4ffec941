using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "entities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    canonical_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    country_code = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entities", x => x.id);
                    table.CheckConstraint("ck_entities_type", "type IN ('person', 'organization', 'location', 'group', 'other')");
                });

            migrationBuilder.CreateTable(
                name: "sources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sources", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "entity_aliases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    alias = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entity_aliases", x => x.id);
                    table.ForeignKey(
                        name: "fk_entity_aliases_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "articles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source_id = table.Column<Guid>(type: "uuid", nullable: true),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    canonical_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    author = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    language = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ingested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_or_ingested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, computedColumnSql: "coalesce(published_at, ingested_at)", stored: true),
                    content_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    extractor_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_articles", x => x.id);
                    table.CheckConstraint("ck_articles_content_hash_length", "octet_length(content_hash) = 32");
                    table.CheckConstraint("ck_articles_status", "status IN ('queued', 'processing', 'processed', 'failed')");
                    table.ForeignKey(
                        name: "fk_articles_sources_source_id",
                        column: x => x.source_id,
                        principalTable: "sources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type_code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    actor_entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target_entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    location_entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    occurred_on = table.Column<DateOnly>(type: "date", nullable: true),
                    modality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sentence = table.Column<string>(type: "text", nullable: false),
                    sentence_start = table.Column<int>(type: "integer", nullable: false),
                    sentence_end = table.Column<int>(type: "integer", nullable: false),
                    confidence = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.CheckConstraint("ck_events_confidence", "confidence BETWEEN 0 AND 1");
                    table.CheckConstraint("ck_events_sentence_span", "sentence_start >= 0 AND sentence_end > sentence_start");
                    table.ForeignKey(
                        name: "fk_events_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_events_entities_actor_entity_id",
                        column: x => x.actor_entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_events_entities_location_entity_id",
                        column: x => x.location_entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_events_entities_target_entity_id",
                        column: x => x.target_entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ingestion_jobs",
                columns: table => new
                {
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    enqueued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    available_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingestion_jobs", x => x.article_id);
                    table.ForeignKey(
                        name: "fk_ingestion_jobs_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "mentions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start = table.Column<int>(type: "integer", nullable: false),
                    end = table.Column<int>(type: "integer", nullable: false),
                    text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mentions", x => x.id);
                    table.CheckConstraint("ck_mentions_span", "start >= 0 AND \"end\" > start");
                    table.ForeignKey(
                        name: "fk_mentions_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_mentions_entities_entity_id",
                        column: x => x.entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quotes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false),
                    speaker_entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    text = table.Column<string>(type: "text", nullable: false),
                    start = table.Column<int>(type: "integer", nullable: false),
                    end = table.Column<int>(type: "integer", nullable: false),
                    is_direct = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quotes", x => x.id);
                    table.CheckConstraint("ck_quotes_span", "start >= 0 AND \"end\" > start");
                    table.ForeignKey(
                        name: "fk_quotes_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_quotes_entities_speaker_entity_id",
                        column: x => x.speaker_entity_id,
                        principalTable: "entities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_articles_canonical_url",
                table: "articles",
                column: "canonical_url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_content_hash",
                table: "articles",
                column: "content_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_published_or_ingested_at_id",
                table: "articles",
                columns: new[] { "published_or_ingested_at", "id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_articles_search_vector",
                table: "articles",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_articles_source_id",
                table: "articles",
                column: "source_id");

            migrationBuilder.CreateIndex(
                name: "ix_entities_canonical_name_trgm",
                table: "entities",
                column: "canonical_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_entities_canonical_name_type",
                table: "entities",
                columns: new[] { "canonical_name", "type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entity_aliases_alias_trgm",
                table: "entity_aliases",
                column: "alias")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_entity_aliases_entity_id_alias",
                table: "entity_aliases",
                columns: new[] { "entity_id", "alias" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_actor_entity_id",
                table: "events",
                column: "actor_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_article_id",
                table: "events",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_location_entity_id",
                table: "events",
                column: "location_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_target_entity_id",
                table: "events",
                column: "target_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_type_code_occurred_on",
                table: "events",
                columns: new[] { "type_code", "occurred_on" });

            migrationBuilder.CreateIndex(
                name: "ix_ingestion_jobs_available_at",
                table: "ingestion_jobs",
                column: "available_at");

            migrationBuilder.CreateIndex(
                name: "ix_mentions_article_id",
                table: "mentions",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_mentions_entity_id_article_id",
                table: "mentions",
                columns: new[] { "entity_id", "article_id" });

            migrationBuilder.CreateIndex(
                name: "ix_quotes_article_id",
                table: "quotes",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_quotes_speaker_entity_id",
                table: "quotes",
                column: "speaker_entity_id");

            migrationBuilder.CreateIndex(
                name: "ix_sources_name",
                table: "sources",
                column: "name",
                unique: true);

            // Wake idle workers in every process the moment work is queued, whichever code path inserted it.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_ingestion_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('ingestion_jobs', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER ingestion_jobs_notify AFTER INSERT ON ingestion_jobs
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_ingestion_jobs();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER ingestion_jobs_notify ON ingestion_jobs; DROP FUNCTION notify_ingestion_jobs();");

            migrationBuilder.DropTable(
                name: "entity_aliases");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "ingestion_jobs");

            migrationBuilder.DropTable(
                name: "mentions");

            migrationBuilder.DropTable(
                name: "quotes");

            migrationBuilder.DropTable(
                name: "articles");

            migrationBuilder.DropTable(
                name: "entities");

            migrationBuilder.DropTable(
                name: "sources");
        }
    }
}
