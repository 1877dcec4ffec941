using System.ComponentModel.DataAnnotations;
using NewsEvents.Core.Keys;

namespace NewsEvents.Api.Features.Keys;

/// <summary>A key to create.</summary>
public sealed class CreateKeyRequest : IValidatableObject
{
    /// <summary>Who holds the key; curation history records changes under this name. Unique among keys not revoked.</summary>
    /// <example>dashboard</example>
    [Required, StringLength(ApiKey.MaxNameLength)]
    public string Name { get; init; } = "";

    /// <summary>read, write or admin; admin implies write, which implies read.</summary>
    /// <example>["write"]</example>
    [Required, MinLength(1), MaxLength(3)]
    public List<ApiScope> Scopes { get; init; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(char.IsControl))
        {
            yield return new ValidationResult("Must be printable text.", [nameof(Name)]);
        }
        if (Scopes.Any(scope => !Enum.IsDefined(scope)))
        {
            yield return new ValidationResult("Each scope is read, write or admin.", [nameof(Scopes)]);
        }
    }
}

/// <summary>A key as listed: never its secret.</summary>
/// <param name="Id">The key's id (to revoke it).</param>
/// <param name="Name">Who holds the key.</param>
/// <param name="Scopes">The scopes granted; the highest implies the lower ones.</param>
/// <param name="Prefix">The secret's first characters, to tell keys apart.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="LastUsedAt">When a request last used it (to the minute); null if never.</param>
/// <param name="RevokedAt">When it was revoked; null while it is valid.</param>
public sealed record KeyResponse(
    Guid Id, string Name, IReadOnlyList<ApiScope> Scopes, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    internal static KeyResponse From(ApiKeyInfo key) => new(key.Id, key.Name, key.Scopes, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>A key just created, with its secret: shown this once, stored only as a hash.</summary>
/// <param name="Key">The new key as listed.</param>
/// <param name="Secret">The key to send (X-Api-Key: …, or Authorization: Bearer …). Keep it: it cannot be shown again.</param>
public sealed record CreatedKeyResponse(KeyResponse Key, string Secret);
