using Npgsql;

namespace NewsEvents.Core.Data;

/// <summary>Commands with positional parameters ($1, $2…), for the hand-written SQL of processing and curation.</summary>
internal static class PositionalSql
{
    public static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddPositional(command.Parameters, values);
        return command;
    }

    public static NpgsqlCommand NewCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        AddPositional(command.Parameters, values);
        return command;
    }

    /// <summary>
    /// Prepares the command on its connection before running it. For the statements processing runs once per article:
    /// planning the story best match took longer than running it, and a prepared statement is planned once per
    /// connection (PostgreSQL then settles on a generic plan), which Npgsql keeps across pooled uses.
    /// </summary>
    public static async Task<NpgsqlDataReader> ExecutePreparedReaderAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await command.PrepareAsync(cancellationToken);
        return await command.ExecuteReaderAsync(cancellationToken);
    }

    /// <remarks>A lone array argument must be passed as <c>(object)array</c>, or C# spreads it over the parameters.</remarks>
    private static void AddPositional(NpgsqlParameterCollection parameters, object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
