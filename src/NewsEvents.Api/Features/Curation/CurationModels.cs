using System.ComponentModel.DataAnnotations;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Features.Curation;

/// <summary>A name to add to an entity.</summary>
public sealed class AddAliasRequest
{
    /// <summary>The name as written; later articles that use it (in any case, accents or punctuation) find the entity.</summary>
    /// <example>Vova Putin</example>
    [Required, StringLength(300, MinimumLength = 1)]
    public string? Name { get; init; }
}

/// <summary>The other entity of a merge: give exactly one.</summary>
public sealed class MergeRequest
{
    /// <summary>Merge this entity into that one (this one becomes a redirect).</summary>
    public Guid? Into { get; init; }

    /// <summary>Merge that entity into this one (that one becomes a redirect).</summary>
    public Guid? From { get; init; }
}

/// <summary>The name to split out of an entity.</summary>
public sealed class SplitRequest
{
    /// <summary>An alias of the entity: it, and the mentions written in it, move to a new entity.</summary>
    /// <example>Kim Jong-il</example>
    [Required, StringLength(300, MinimumLength = 1)]
    public string? Alias { get; init; }
}

/// <summary>Changes to an entity.</summary>
public sealed class EntityPatchRequest
{
    /// <summary>person, organization, location, group or other.</summary>
    /// <example>organization</example>
    [Required]
    public EntityType? Type { get; init; }
}
