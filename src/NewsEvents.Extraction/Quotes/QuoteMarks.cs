namespace NewsEvents.Extraction.Quotes;

/// <summary>
/// Quoted words between two marks: <c>text[Start..End]</c> without the marks, surrounding spaces or a trailing comma,
/// opened at <see cref="OpenMark"/> and closed at <see cref="CloseMark"/>.
/// </summary>
/// <param name="SpansParagraphs">
/// The quote runs over paragraphs by the convention that a continuing paragraph reopens the quote and the paragraph
/// before it has no closing mark; the reopening marks and paragraph breaks stay inside <c>text[Start..End]</c>.
/// </param>
internal readonly record struct QuotedSpan(int OpenMark, int Start, int End, int CloseMark, bool SpansParagraphs);

/// <summary>
/// Pairs quotation marks: curly double (“ ” and „), straight double, curly and straight single, and guillemets (« »).
/// One pass over the text, linear in its length. A quote is closed within its paragraph, or continues into the next
/// paragraph when that paragraph opens with the same kind of mark; otherwise it was unbalanced and is dropped. Marks of
/// the other kind inside an open quote are nested quotes and belong to it. Apostrophes (don’t, Putin’s, players’) are
/// told from single quotes by the letters around them.
/// </summary>
internal static class QuoteMarks
{
    /// <summary>Longest quote kept, in characters: a mark left open for longer was not a quote.</summary>
    public const int MaxQuoteLength = 20_000;

    private static readonly System.Buffers.SearchValues<char> MarksAndBreaks =
        System.Buffers.SearchValues.Create("\"“”„'‘’«»\n\r\u2028\u2029");

    private enum Family
    {
        None,
        Double,
        Single,
        Guillemet,
    }

    public static List<QuotedSpan> Find(string text, int maxQuotes = 10_000)
    {
        var quotes = new List<QuotedSpan>();
        var open = Family.None;
        var openMark = -1;
        var germanOpen = false;
        var chained = false;
        for (var i = 0; i < text.Length && quotes.Count < maxQuotes; i++)
        {
            var skip = text.AsSpan(i).IndexOfAny(MarksAndBreaks);
            if (skip < 0)
            {
                break;
            }
            i += skip;
            var c = text[i];
            if (IsLineBreak(c))
            {
                if (open == Family.None)
                {
                    continue;
                }
                // A quote open at the end of a paragraph continues only when the next paragraph reopens it.
                var next = i + 1;
                while (next < text.Length && char.IsWhiteSpace(text[next]))
                {
                    next++;
                }
                if (next < text.Length && next - openMark < MaxQuoteLength && Reopens(text, next, open))
                {
                    chained = true;
                    i = next;
                }
                else
                {
                    open = Family.None;
                }
                continue;
            }
            if (!IsMark(c))
            {
                continue;
            }
            if (open != Family.None && i - openMark > MaxQuoteLength)
            {
                open = Family.None;
            }

            if (open == Family.None)
            {
                var family = Opens(text, i);
                if (family != Family.None)
                {
                    open = family;
                    openMark = i;
                    germanOpen = c == '„';
                    chained = false;
                }
                continue;
            }

            if (Closes(text, i, open, germanOpen))
            {
                Add(text, openMark, i, chained, quotes);
                open = Family.None;
            }
            else if (Restarts(text, i, open))
            {
                // Another opening mark of the same kind: the earlier one was never closed.
                openMark = i;
                germanOpen = c == '„';
                chained = false;
            }
        }
        return quotes;
    }

    private static void Add(string text, int openMark, int closeMark, bool chained, List<QuotedSpan> quotes)
    {
        var start = openMark + 1;
        var end = closeMark;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && (char.IsWhiteSpace(text[end - 1]) || text[end - 1] == ','))
        {
            end--;
        }
        for (var i = start; i < end; i++)
        {
            if (char.IsLetter(text[i]))
            {
                quotes.Add(new QuotedSpan(openMark, start, end, closeMark, chained));
                return;
            }
        }
    }

    private static bool IsMark(char c) => c is '"' or '“' or '”' or '„' or '\'' or '‘' or '’' or '«' or '»';

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    private static Family Opens(string text, int i)
    {
        var c = text[i];
        var before = i > 0 ? text[i - 1] : ' ';
        var after = i + 1 < text.Length ? text[i + 1] : ' ';
        if (char.IsWhiteSpace(after) || IsLineBreak(after))
        {
            return Family.None;
        }
        return c switch
        {
            '“' or '„' => Family.Double,
            '”' => !char.IsLetterOrDigit(before) && char.IsLetter(after) ? Family.Double : Family.None,
            '"' => !char.IsLetterOrDigit(before) && after is not (',' or '.' or ';' or ')' or ']' or '"') ? Family.Double : Family.None,
            '«' => Family.Guillemet,
            '‘' => !char.IsLetterOrDigit(before) ? Family.Single : Family.None,
            '\'' => (char.IsWhiteSpace(before) || i == 0 || before is '(' or '[' or '—' or '–' or '"' or '“' or ':')
                && char.IsLetter(after) ? Family.Single : Family.None,
            _ => Family.None,
        };
    }

    private static bool Closes(string text, int i, Family open, bool germanOpen)
    {
        var c = text[i];
        var before = i > 0 ? text[i - 1] : ' ';
        var after = i + 1 < text.Length ? text[i + 1] : ' ';
        switch (open)
        {
            case Family.Double:
                return c == '”' || c == '“' && germanOpen
                    || c == '"' && (!char.IsWhiteSpace(before) || char.IsWhiteSpace(after) || char.IsPunctuation(after));
            case Family.Guillemet:
                return c == '»';
            case Family.Single:
                if (c is not ('’' or '\''))
                {
                    return false;
                }
                if (char.IsWhiteSpace(before) || char.IsLetterOrDigit(before) && char.IsLetterOrDigit(after))
                {
                    return false; // "don’t", "Putin’s", a mark before a word
                }
                if (char.IsLetter(after))
                {
                    return false;
                }
                // "the players’ union": a plural possessive is followed by a lower-case word.
                if (before is 's' or 'S' && after == ' ' && i + 2 < text.Length && char.IsLower(text[i + 2]))
                {
                    return false;
                }
                return true;
            default:
                return false;
        }
    }

    private static bool Restarts(string text, int i, Family open) =>
        open switch
        {
            Family.Double => text[i] is '“' or '„' && Opens(text, i) == Family.Double,
            Family.Guillemet => text[i] == '«',
            Family.Single => text[i] == '‘' && Opens(text, i) == Family.Single,
            _ => false,
        };

    private static bool Reopens(string text, int i, Family open) =>
        open switch
        {
            Family.Double => text[i] is '“' or '"' or '„' && Opens(text, i) == Family.Double,
            Family.Single => text[i] is '‘' or '\'' && Opens(text, i) == Family.Single,
            Family.Guillemet => text[i] == '«',
            _ => false,
        };
}
