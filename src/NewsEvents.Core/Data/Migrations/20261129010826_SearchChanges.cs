using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <summary>
    /// The change log an article index is fed from (decision 017): one row per write of what search reads, stamped with
    /// the writing transaction's id so readers can keep a watermark that commit order cannot overtake. Raw SQL, not an
    /// entity: only <c>SearchChangeLog</c> reads it and only the trigger writes it.
    /// </summary>
    public partial class SearchChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE search_changes (
                    seq bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_search_changes PRIMARY KEY,
                    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                    article_id uuid NOT NULL,
                    -- For the index lag and for pruning by age; the order is the xid's.
                    changed_at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX ix_search_changes_xid ON search_changes (xid);

                CREATE FUNCTION log_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO search_changes (article_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
                    RETURN NULL;
                END $$;
                -- What the index holds or filters on: text, dates, source, language, duplicate flag, and (through
                -- processed_at, set when extraction results are stored) the entities an article mentions.
                CREATE TRIGGER articles_search_change
                    AFTER INSERT OR DELETE OR UPDATE OF title, body, published_at, source_id, language, duplicate_of, processed_at ON articles
                    FOR EACH ROW EXECUTE FUNCTION log_search_change();

                -- Wakes the indexers once per statement (a batch insert is one notification), delivered at commit.
                CREATE FUNCTION notify_search_changes() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('search_changes', '');
                    RETURN NULL;
                END $$;
                CREATE TRIGGER articles_search_notify
                    AFTER INSERT OR DELETE OR UPDATE OF title, body, published_at, source_id, language, duplicate_of, processed_at ON articles
                    FOR EACH STATEMENT EXECUTE FUNCTION notify_search_changes();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER articles_search_notify ON articles;
                DROP FUNCTION notify_search_changes();
                DROP TRIGGER articles_search_change ON articles;
                DROP FUNCTION log_search_change();
                DROP TABLE search_changes;
                """);
        }
    }
}
