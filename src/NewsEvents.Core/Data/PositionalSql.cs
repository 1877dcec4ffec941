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

    /// <remarks>A lone array argument must be passed as <c>(object)array</c>, or C# spreads it over the parameters.</remarks>
    private static void AddPositional(NpgsqlParameterCollection parameters, object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
