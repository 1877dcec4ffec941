using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsEvents.Core.Articles;

/// <summary>SHA-256 over title and body with whitespace folded: the same text re-posted with other spacing is the same article.</summary>
public static partial class ContentHash
{
    public static byte[] Compute(string title, string body) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Fold(title)}\n{Fold(body)}"));

    private static string Fold(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
