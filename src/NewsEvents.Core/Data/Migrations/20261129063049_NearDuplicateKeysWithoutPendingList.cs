using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsEvents.Core.Data.Migrations
{
    /// <summary>
    /// Every processed article looks its band keys up in this index, so a pending list (GIN's fastupdate, which every
    /// lookup scans whole) cost more than the inserts it saves: 4 ms a lookup measured, for 2 rows found.
    /// </summary>
    public partial class NearDuplicateKeysWithoutPendingList : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER INDEX ix_articles_near_duplicate_keys SET (fastupdate = off)");
            // Turning it off does not flush what the list already holds.
            migrationBuilder.Sql("SELECT gin_clean_pending_list('ix_articles_near_duplicate_keys')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER INDEX ix_articles_near_duplicate_keys RESET (fastupdate)");
        }
    }
}
