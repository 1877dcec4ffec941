using System.Globalization;
using System.Text;

namespace NewsEvents.Extraction.Pipeline;

/// <summary>
/// Normalised names: the same name in any spelling of case, diacritics, hyphenation, punctuation or a leading
/// "the" gets the same key, so "Kim Jong-Un" and "Kim Jong-un", or "the Kremlin" and "Kremlin", meet.
/// </summary>
public static class EntityKeys
{
    public static string For(EntityType type, string name) =>
        $"{type.ToString().ToLowerInvariant()}:{NormalizeName(name)}";

    public static string NormalizeName(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '.' or '\'' or '’')
            {
                continue; // diacritics, and the dots and apostrophes of U.S. or O'Neill
            }
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }
        var key = builder.ToString();
        return key.StartsWith("the ", StringComparison.Ordinal) ? key[4..] : key;
    }
}
