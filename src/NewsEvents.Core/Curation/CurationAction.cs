using System.Text.Json;

namespace NewsEvents.Core.Curation;

/// <summary>What a curator changed.</summary>
public enum CurationAction
{
    AliasAdded,
    AliasRemoved,
    Merged,
    Split,
    TypeChanged,
    EventRejected,
    EventRestored,
    QuoteRejected,
    QuoteRestored,
}

public static class CurationActions
{
    /// <summary>Longest curator name kept; longer ones are cut.</summary>
    public const int MaxCuratorLength = 100;

    /// <summary>The stored (and JSON) spelling: "alias_added".</summary>
    public static string Stored(this CurationAction action) => JsonNamingPolicy.SnakeCaseLower.ConvertName(action.ToString());

    public static CurationAction Parse(string stored) =>
        Enum.Parse<CurationAction>(stored.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
}

public enum CurationFailure
{
    /// <summary>The entity, alias, event or quote does not exist.</summary>
    NotFound,

    /// <summary>The change contradicts the current state (merging into itself or into a merged entity, a key owned elsewhere…).</summary>
    Conflict,
}

/// <summary>A curation request that cannot be carried out as asked; nothing was changed.</summary>
/// <param name="entityId">The entity the client should look at instead, when there is one (the survivor of a merge, an alias's owner).</param>
public sealed class CurationException(CurationFailure failure, string message, Guid? entityId = null) : Exception(message)
{
    public CurationFailure Failure { get; } = failure;
    public Guid? EntityId { get; } = entityId;
}
