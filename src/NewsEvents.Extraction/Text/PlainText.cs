using System.Text;

namespace NewsEvents.Extraction.Text;

/// <summary>Makes arbitrary client text safe to store and index.</summary>
public static class PlainText
{
    /// <summary>
    /// Drops control characters other than tab, line feed and carriage return (PostgreSQL cannot store NUL,
    /// and the rest are invisible junk from scrapers), and replaces unpaired UTF-16 surrogates with U+FFFD
    /// so the text can be encoded as UTF-8 at all.
    /// </summary>
    public static string Sanitize(string text)
    {
        if (!NeedsSanitizing(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else if (!IsUnwantedControl(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Like <see cref="Sanitize"/>, but replaces instead of removing (control characters become spaces), so every
    /// offset into the result is the same offset into the original.
    /// </summary>
    public static string SanitizeKeepingOffsets(string text)
    {
        if (!NeedsSanitizing(text))
        {
            return text;
        }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
            else if (IsUnwantedControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }
        return new string(chars);
    }

    /// <summary>True when the text has a character <see cref="Sanitize"/> would change.</summary>
    public static bool NeedsSanitizing(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || IsUnwantedControl(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnwantedControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
}
