using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace NewsEvents.Core.Keys;

/// <summary>How a key's secret is made, hashed and found again.</summary>
public static class ApiKeySecrets
{
    /// <summary>Marks the string as a NewsEvents key (secret scanners and people recognise it).</summary>
    public const string Marker = "ne_";

    /// <summary>Characters of the secret stored in clear: the marker and 9 random characters (54 bits).</summary>
    public const int PrefixLength = 12;

    /// <summary>Shortest secret accepted from configuration: anything shorter is guessable.</summary>
    public const int MinLength = 32;

    /// <summary>Longest secret looked up; longer headers are refused before hashing.</summary>
    public const int MaxLength = 200;

    private const int RandomBytes = 32;

    /// <summary>"ne_" and 32 random bytes in base64url: 256 bits, safe in a header or a URL.</summary>
    public static string Generate() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Prefix(string secret) => secret[..Math.Min(secret.Length, PrefixLength)];

    /// <summary>Whether a presented string could be a key at all (anything else is refused without a database query).</summary>
    public static bool IsPlausible(string secret) => secret.Length is >= PrefixLength and <= MaxLength;
}

public static class ApiScopes
{
    public static string Stored(ApiScope scope) => scope.ToString().ToLowerInvariant();

    /// <summary>Exactly a scope's name, in any case (not a number, nor a comma list as Enum.TryParse would take).</summary>
    public static bool TryParse(string value, out ApiScope scope)
    {
        foreach (var candidate in Enum.GetValues<ApiScope>())
        {
            if (string.Equals(value, Stored(candidate), StringComparison.OrdinalIgnoreCase))
            {
                scope = candidate;
                return true;
            }
        }
        scope = default;
        return false;
    }

    /// <summary>Every scope <paramref name="scope"/> grants: itself and those below it.</summary>
    public static IEnumerable<ApiScope> Implied(ApiScope scope) => Enum.GetValues<ApiScope>().Where(s => s <= scope);
}
