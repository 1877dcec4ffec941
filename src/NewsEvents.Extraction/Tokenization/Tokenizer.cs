using System.Globalization;

namespace NewsEvents.Extraction.Tokenization;

/// <summary>
/// Splits English news text into tokens with UTF-16 offsets into the original string, following the Penn Treebank /
/// CoNLL conventions the tagger was trained on: hyphenated words stay whole ("Jong-un", "Russian-occupied"),
/// abbreviations keep their periods ("U.S.", "Mr.", "Sept."), the clitics "'s", "n't", "'re"… are split off,
/// quotes and other punctuation are tokens of their own, numbers keep their separators ("1,000.50", "1996-08-30"),
/// and addresses ("https://…", "www.…", e-mail) are one token. Never throws; linear in the length of the text.
/// </summary>
public static class Tokenizer
{
    /// <summary>Longest token: anything longer (base64, junk without spaces) is cut into pieces of this size.</summary>
    public const int MaxTokenLength = 100;

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Max(4, text.Length / 5));
        Tokenize(text, tokens);
        return tokens;
    }

    public static void Tokenize(string text, List<Token> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            TokenKind kind;
            if (TryUrl(text, i, out var urlEnd))
            {
                i = urlEnd;
                kind = TokenKind.Url;
            }
            else if (IsApostrophe(c) && i > 0 && IsLetter(text, i - 1) && TryClitic(text, i, out var cliticEnd))
            {
                i = cliticEnd;
                kind = TokenKind.Word;
            }
            else if (IsNegationClitic(text, i) && i > 0 && IsLetter(text, i - 1))
            {
                i += 3;
                kind = TokenKind.Word;
            }
            else if (IsLetterOrDigit(text, i))
            {
                i = ScanWord(text, i, out var hasLetter);
                kind = hasLetter ? TokenKind.Word : TokenKind.Number;
            }
            else if (char.IsPunctuation(c) || c is '`' or '+' or '=' or '<' or '>' or '|' or '^' or '~' or '$')
            {
                i++;
                // Runs of one mark are one token: "...", "--", "!!".
                while (i < text.Length && text[i] == c && c is '.' or '-' or '!' or '?' or '*' or '=' or '_' or '~')
                {
                    i++;
                }
                kind = TokenKind.Punctuation;
            }
            else
            {
                i += CodePointLength(text, i);
                // Combining marks, variation selectors, skin tones and zero-width-joined symbols stay with the symbol
                // they modify (emoji sequences).
                while (i < text.Length)
                {
                    if (text[i] == '‍' && i + 1 < text.Length)
                    {
                        i += 1 + CodePointLength(text, i + 1);
                    }
                    else if (IsJoiner(text[i]) || IsSkinTone(text, i))
                    {
                        i += CodePointLength(text, i);
                    }
                    else
                    {
                        break;
                    }
                }
                kind = TokenKind.Symbol;
            }

            AddCapped(tokens, start, i, kind);
        }
    }

    private static void AddCapped(List<Token> tokens, int start, int end, TokenKind kind)
    {
        while (end - start > MaxTokenLength)
        {
            var cut = start + MaxTokenLength;
            tokens.Add(new Token(start, cut, kind));
            start = cut;
        }
        tokens.Add(new Token(start, end, kind));
    }

    /// <summary>
    /// A word or number: letters, digits and marks, joined across single inner hyphens, periods, commas (between digits),
    /// slashes (between digits) and apostrophes (unless they start a clitic). A final period is kept when the word is
    /// an abbreviation.
    /// </summary>
    private static int ScanWord(string text, int i, out bool hasLetter)
    {
        var start = i;
        hasLetter = false;
        var hasInnerPeriod = false;
        var lastPartStart = i;
        while (i < text.Length)
        {
            if (IsLetterOrDigit(text, i))
            {
                hasLetter |= IsLetter(text, i);
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
                continue;
            }
            var c = text[i];
            if (char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                i++;
                continue;
            }
            var next = i + 1 < text.Length && IsLetterOrDigit(text, i + 1);
            if (!next)
            {
                break;
            }
            var prevDigit = char.IsDigit(text[i - 1]);
            var nextDigit = char.IsDigit(text[i + 1]);
            if (IsHyphen(c))
            {
                lastPartStart = i + 1;
                i++;
            }
            else if (c == '.' && (prevDigit && nextDigit || !prevDigit && !nextDigit && i - lastPartStart == 1))
            {
                // "3.5"; "U.S", "e.g" — but not "end.Next" (a missing space after a sentence).
                hasInnerPeriod = true;
                lastPartStart = i + 1;
                i++;
            }
            else if ((c == ',' || c == '/' || c == ':') && prevDigit && nextDigit)
            {
                i++;
            }
            else if (IsApostrophe(c) && i - 1 > start && IsNegationClitic(text, i - 1))
            {
                // "don't" -> "do" + "n't".
                return i - 1;
            }
            else if (IsApostrophe(c) && !TryClitic(text, i, out _) && !nextDigit)
            {
                i++;
            }
            else
            {
                break;
            }
        }

        if (i < text.Length && text[i] == '.' && hasLetter && IsAbbreviation(text, start, i, hasInnerPeriod))
        {
            i++;
        }
        return i;
    }

    /// <summary>"n't" at <paramref name="i"/>, not followed by a letter.</summary>
    private static bool IsNegationClitic(string text, int i) =>
        i + 2 < text.Length && text[i] is 'n' or 'N' && IsApostrophe(text[i + 1]) && text[i + 2] is 't' or 'T'
        && !(i + 3 < text.Length && IsLetterOrDigit(text, i + 3));

    /// <summary>"U.S", "e.g" (inner periods), single letters ("J."), or a known abbreviation ("Mr", "Sept", "Corp").</summary>
    private static bool IsAbbreviation(string text, int start, int end, bool hasInnerPeriod)
    {
        if (hasInnerPeriod || end - start == 1)
        {
            return true;
        }
        return end - start <= 5 && Abbreviations.IsKnown(text.AsSpan(start, end - start));
    }

    private static bool TryClitic(string text, int i, out int end)
    {
        // 's 'S 'm 'd 're 've 'll (and n't handled by the word scanner), followed by a non-letter.
        end = i;
        var rest = text.Length - i - 1;
        if (rest <= 0)
        {
            return false;
        }
        var a = char.ToLowerInvariant(text[i + 1]);
        var length = 0;
        if (a is 's' or 'm' or 'd')
        {
            length = 1;
        }
        else if (rest >= 2)
        {
            var b = char.ToLowerInvariant(text[i + 2]);
            if (a == 'r' && b == 'e' || a == 'v' && b == 'e' || a == 'l' && b == 'l')
            {
                length = 2;
            }
        }
        if (length == 0 || i + 1 + length < text.Length && IsLetterOrDigit(text, i + 1 + length))
        {
            return false;
        }
        end = i + 1 + length;
        return true;
    }

    private static bool TryUrl(string text, int i, out int end)
    {
        end = i;
        var span = text.AsSpan(i);
        var isUrl = span.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || span.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && span.Length > 5 && char.IsLetterOrDigit(span[4]);
        var j = i;
        if (!isUrl)
        {
            // name@host.tld
            if (!char.IsLetterOrDigit(text[i]))
            {
                return false;
            }
            var at = -1;
            while (j < text.Length && j - i < 256 && (char.IsLetterOrDigit(text[j]) || text[j] is '.' or '_' or '-' or '+' or '@'))
            {
                if (text[j] == '@')
                {
                    if (at >= 0)
                    {
                        return false;
                    }
                    at = j;
                }
                j++;
            }
            while (j > i && text[j - 1] is '.' or '-')
            {
                j--;
            }
            var lastDot = text.LastIndexOf('.', j - 1, j - i);
            if (at <= i || lastDot <= at + 1 || lastDot >= j - 2)
            {
                return false;
            }
        }
        while (j < text.Length && !IsSpace(text[j]) && text[j] is not ('"' or '<' or '>' or '“' or '”'))
        {
            j++;
        }
        // Trailing sentence punctuation and closing brackets are not part of the address.
        while (j > i && text[j - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '\'' or '’')
        {
            j--;
        }
        end = j;
        return end > i;
    }

    internal static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\u200B' or '\u2060' or '\uFEFF' or '\u00AD' || char.IsControl(c);

    internal static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ';

    private static bool IsHyphen(char c) => c is '-' or '‐' or '‑';

    private static bool IsJoiner(char c) => c is '\uFE0F' or '\uFE0E' || c is >= '\u20D0' and <= '\u20FF'
        || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>U+1F3FB–U+1F3FF, the emoji skin-tone modifiers.</summary>
    private static bool IsSkinTone(string text, int i) =>
        char.IsSurrogatePair(text, i) && char.ConvertToUtf32(text[i], text[i + 1]) is >= 0x1F3FB and <= 0x1F3FF;

    private static int CodePointLength(string text, int i) => char.IsSurrogatePair(text, i) ? 2 : 1;

    private static bool IsLetter(string text, int i) =>
        char.IsSurrogatePair(text, i) ? char.IsLetter(text, i) : char.IsLetter(text[i]);

    private static bool IsLetterOrDigit(string text, int i) =>
        char.IsSurrogatePair(text, i) ? char.IsLetterOrDigit(text, i) : char.IsLetterOrDigit(text[i]);
}
