using NewsEvents.Core.Curation;

namespace NewsEvents.Core.Keys;

/// <summary>What a key may do. Each scope implies the ones before it: admin may write, write may read.</summary>
public enum ApiScope
{
    Read,
    Write,
    Admin,
}

/// <summary>A stored API key: never the secret itself, only its SHA-256 hash and a short prefix to find it by.</summary>
public sealed class ApiKey
{
    /// <summary>Longest name; the name is what curation history records, so it fits there.</summary>
    public const int MaxNameLength = CurationActions.MaxCuratorLength;

    public Guid Id { get; set; }

    /// <summary>Who holds the key ("dashboard", "alice"); unique among keys not revoked.</summary>
    public required string Name { get; set; }

    /// <summary>The scopes granted, lower-case; the highest of them implies the others.</summary>
    public required string[] Scopes { get; set; }

    /// <summary>The secret's first characters: the row to compare the hash with, and how a person tells keys apart.</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a request last authenticated with the key (kept to the minute, to spare a write per request).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
