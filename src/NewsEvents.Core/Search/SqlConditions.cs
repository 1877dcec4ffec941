using Npgsql;

namespace NewsEvents.Core.Search;

/// <summary>
/// The WHERE conditions of a search, each with its named parameter added to the command, so values never reach the
/// SQL text.
/// </summary>
internal sealed class SqlConditions(NpgsqlCommand command)
{
    private readonly List<string> _conditions = [];

    public void Add(string condition) => _conditions.Add(condition);

    public void Add(string condition, string parameter, object value)
    {
        _conditions.Add(condition);
        command.Parameters.AddWithValue(parameter, value);
    }

    /// <summary>The conditions joined with AND; "true" when there are none.</summary>
    public override string ToString() => _conditions.Count > 0 ? string.Join(" AND ", _conditions) : "true";
}
