using Npgsql;

namespace NewsEvents.Core.Data;

public static class PreparedCommands
{
    /// <summary>
    /// Prepares the command on its connection before running it, for statements run many times whose planning costs as
    /// much as their running (story matching and near-duplicate lookups in processing, the entity detail, the related
    /// list). A prepared statement is planned once per connection (PostgreSQL then settles on a generic plan, so the
    /// statement must not depend on a custom one), and Npgsql keeps it across pooled uses.
    /// </summary>
    public static async Task<NpgsqlDataReader> ExecutePreparedReaderAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await command.PrepareAsync(cancellationToken);
        return await command.ExecuteReaderAsync(cancellationToken);
    }
}
