namespace NewsEvents.Extraction.Tokenization;

/// <summary>What a token is made of; the tagger and the sentence splitter read it instead of re-scanning the text.</summary>
public enum TokenKind
{
    /// <summary>Letters, possibly with digits, inner hyphens, periods or apostrophes ("Jong-un", "U.S.", "O'Brien").</summary>
    Word,

    /// <summary>Digits with their separators ("1,000", "3.5", "1996-08-30").</summary>
    Number,

    /// <summary>One punctuation mark or a run of the same mark ("...", "--").</summary>
    Punctuation,

    /// <summary>An address: "https://…", "www.…" or an e-mail address.</summary>
    Url,

    /// <summary>Anything else: a symbol, an emoji, a character of no script.</summary>
    Symbol,
}

/// <summary>A token as a UTF-16 range of the original text: <c>text[Start..End]</c>, end exclusive.</summary>
public readonly record struct Token(int Start, int End, TokenKind Kind)
{
    public int Length => End - Start;

    public string GetText(string text) => text.Substring(Start, End - Start);

    public ReadOnlySpan<char> AsSpan(string text) => text.AsSpan(Start, End - Start);
}
