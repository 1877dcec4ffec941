namespace NewsEvents.Extraction.Tokenization;

/// <summary>A sentence as a range of tokens, <c>tokens[TokenStart..TokenEnd]</c>, end exclusive.</summary>
public readonly record struct Sentence(int TokenStart, int TokenEnd)
{
    public int TokenCount => TokenEnd - TokenStart;
}

/// <summary>
/// Groups tokens into sentences. A sentence ends at ".", "!", "?" or "…" (with the closing quotes and brackets after
/// them) when the next token does not start with a lower-case letter; at a line break (headlines, datelines and
/// paragraphs are separate); and after an abbreviation ("U.S.", "Inc.") only when the next word is one that starts
/// sentences ("The", "He"), since "U.S. President" goes on. Titles ("Mr.", "Gen.") never end one. Sentences longer than
/// <see cref="MaxSentenceTokens"/> are cut, so that tagging time stays linear.
/// </summary>
public static class SentenceSplitter
{
    public const int MaxSentenceTokens = 250;

    /// <summary>Function words that start sentences; after "U.S." one of these (capitalised) means a new sentence.</summary>
    private static readonly HashSet<string> SentenceStarters = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "there", "but", "and",
        "in", "on", "at", "for", "however", "his", "her", "its", "their", "our", "my", "after", "before", "when", "while",
        "if", "as", "some", "many", "no", "yet", "so", "meanwhile", "officials", "earlier", "later", "last", "since", "both",
        "most", "more", "other", "such", "what", "who", "how", "why", "where", "one", "two", "all", "each", "also", "still",
        "under", "during", "about", "with", "from", "by", "to", "of", "then", "now", "here", "even", "not", "only",
    };

    public static List<Sentence> Split(string text, IReadOnlyList<Token> tokens)
    {
        var sentences = new List<Sentence>();
        var start = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var end = i + 1;
            var boundary = false;
            if (end == tokens.Count)
            {
                boundary = true;
            }
            else if (end - start >= MaxSentenceTokens || HasLineBreak(text, tokens[i].End, tokens[end].Start))
            {
                boundary = true;
            }
            else if (IsTerminator(text, tokens[i]))
            {
                // Closing quotes and brackets belong to the sentence they close. A straight quote closes only when it is
                // written right after the mark or an odd number of them is open in the sentence.
                var openQuotes = CountStraightQuotes(text, tokens, start, end) % 2 == 1;
                while (end < tokens.Count && IsCloser(text, tokens[end])
                    && (tokens[end].Start == tokens[end - 1].End || text[tokens[end].Start] != '"' || openQuotes)
                    && !HasLineBreak(text, tokens[end - 1].End, tokens[end].Start))
                {
                    openQuotes &= text[tokens[end].Start] != '"';
                    end++;
                }
                boundary = end == tokens.Count || !StartsLowerCase(text, tokens[end]) && !IsContinuation(text, tokens[end]);
            }
            else if (EndsWithAbbreviationPeriod(text, tokens[i], out var isTitle) && !isTitle)
            {
                boundary = StartsSentence(text, tokens[end]);
            }

            if (boundary)
            {
                sentences.Add(new Sentence(start, end));
                start = end;
                i = end - 1;
            }
        }
        return sentences;
    }

    private static int CountStraightQuotes(string text, IReadOnlyList<Token> tokens, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            count += tokens[i].Kind == TokenKind.Punctuation && text[tokens[i].Start] == '"' ? 1 : 0;
        }
        return count;
    }

    private static bool HasLineBreak(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (text[i] is '\n' or '\r' or '\u2028' or '\u2029')
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsTerminator(string text, Token token)
    {
        if (token.Kind != TokenKind.Punctuation)
        {
            return false;
        }
        var c = text[token.Start];
        return c is '.' or '!' or '?' or '…' or '。' or '！' or '？';
    }

    private static bool IsCloser(string text, Token token) =>
        token.Kind == TokenKind.Punctuation && token.Length == 1 && text[token.Start] is '"' or '”' or '’' or '\'' or ')' or ']' or '»';

    private static bool StartsLowerCase(string text, Token token) => char.IsLower(text[token.Start]);

    /// <summary>Punctuation that goes on a sentence (", said"), not a new one.</summary>
    private static bool IsContinuation(string text, Token token) =>
        token.Kind == TokenKind.Punctuation && text[token.Start] is ',' or ';' or ':' or ')' or ']';

    private static bool EndsWithAbbreviationPeriod(string text, Token token, out bool isTitle)
    {
        isTitle = false;
        if (token.Kind != TokenKind.Word || token.Length < 2 || text[token.End - 1] != '.')
        {
            return false;
        }
        var word = text.AsSpan(token.Start, token.Length - 1);
        // Single-letter initials ("J.") belong to a name; titles are followed by one.
        isTitle = word.Length == 1 || Abbreviations.IsTitle(word);
        return true;
    }

    private static bool StartsSentence(string text, Token next)
    {
        if (next.Kind == TokenKind.Punctuation)
        {
            return text[next.Start] is '"' or '“' or '‘' or '(' or '[';
        }
        return next.Kind == TokenKind.Word && char.IsUpper(text[next.Start])
            && SentenceStarters.GetAlternateLookup<ReadOnlySpan<char>>().Contains(next.AsSpan(text));
    }
}
