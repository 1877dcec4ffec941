using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Quotes;

/// <summary>An entity mention as tokens of its field: <c>tokens[FirstToken..EndToken]</c>.</summary>
internal readonly record struct MentionRef(int Start, int End, int Entity, int FirstToken, int EndToken);

/// <summary>A direct quote with its marks as token indices: the opening mark, the quoted tokens and the closing mark.</summary>
internal readonly record struct DirectQuote(QuotedSpan Span, int OpenToken, int FirstInner, int EndInner, int CloseToken);

/// <summary>
/// One field of the article seen by the quote stage: per token, its sentence, paragraph, entity mention and whether it
/// is inside a direct quote; built once in linear time so that every later look-up is an array read.
/// </summary>
internal sealed class FieldView
{
    public FieldView(AnalyzedField field, IReadOnlyList<ExtractedEntity> entities, List<QuotedSpan> quotes)
    {
        Field = field.Field;
        Text = field.Text;
        Tokens = field.Tokens is List<Token> tokens ? tokens.ToArray() : [.. field.Tokens];
        Sentences = field.Sentences is List<Sentence> sentences ? sentences.ToArray() : [.. field.Sentences];
        Entities = entities;
        var count = Tokens.Length;

        SentenceOf = new int[count];
        for (var s = 0; s < Sentences.Length; s++)
        {
            for (var t = Sentences[s].TokenStart; t < Sentences[s].TokenEnd && t < count; t++)
            {
                SentenceOf[t] = s;
            }
        }

        ParagraphOf = new int[count];
        var paragraph = 0;
        for (var t = 1; t < count; t++)
        {
            if (HasLineBreak(Text, Tokens[t - 1].End, Tokens[t].Start))
            {
                paragraph++;
            }
            ParagraphOf[t] = paragraph;
        }

        Mentions = [];
        for (var e = 0; e < entities.Count; e++)
        {
            foreach (var mention in entities[e].Mentions)
            {
                if (mention.Span.Field == Field && mention.Span.Start >= 0 && mention.Span.End <= Text.Length
                    && mention.Span.Start < mention.Span.End)
                {
                    Mentions.Add(new MentionRef(mention.Span.Start, mention.Span.End, e, 0, 0));
                }
            }
        }
        Mentions.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        MentionOf = new int[count];
        Array.Fill(MentionOf, -1);
        for (var m = 0; m < Mentions.Count; m++)
        {
            var mention = Mentions[m];
            var first = FirstTokenAtOrAfter(mention.Start);
            if (first > 0 && Tokens[first - 1].End > mention.Start)
            {
                first--;
            }
            var end = first;
            while (end < count && Tokens[end].Start < mention.End)
            {
                if (MentionOf[end] < 0)
                {
                    MentionOf[end] = m;
                }
                end++;
            }
            Mentions[m] = mention with { FirstToken = first, EndToken = end };
        }

        _cues = new byte[count];
        _nouns = new byte[count];
        Quotes = new List<DirectQuote>(quotes.Count);
        QuoteOf = new int[count];
        Array.Fill(QuoteOf, -1);
        foreach (var quote in quotes)
        {
            var open = Math.Max(0, FirstTokenAtOrAfter(quote.OpenMark + 1) - 1);
            var firstInner = FirstTokenAtOrAfter(quote.Start);
            var endInner = FirstTokenAtOrAfter(quote.End);
            var close = FirstTokenAtOrAfter(quote.CloseMark);
            if (close < count && Tokens[close].Start > quote.CloseMark && close > 0 && Tokens[close - 1].End > quote.CloseMark)
            {
                close--; // the closing mark is inside a token ("players'"): the frame after it starts at the next one
            }
            var index = Quotes.Count;
            Quotes.Add(new DirectQuote(quote, open, firstInner, endInner, Math.Min(close, count)));
            for (var t = Math.Min(open, firstInner); t < Math.Min(close + 1, count); t++)
            {
                QuoteOf[t] = index;
            }
        }
    }

    /// <summary>Per token, its <see cref="CueKind"/> + 1 once looked up (0: not yet).</summary>
    private readonly byte[] _cues;

    /// <summary>Per token, its <see cref="NounClass"/> + 1 once looked up (0: not yet).</summary>
    private readonly byte[] _nouns;

    public TextField Field { get; }

    public string Text { get; }

    public Token[] Tokens { get; }

    public Sentence[] Sentences { get; }

    public IReadOnlyList<ExtractedEntity> Entities { get; }

    public int[] SentenceOf { get; }

    public int[] ParagraphOf { get; }

    /// <summary>The index into <see cref="Mentions"/> of the mention a token belongs to, or -1.</summary>
    public int[] MentionOf { get; }

    public List<MentionRef> Mentions { get; }

    /// <summary>The index into <see cref="Quotes"/> of the direct quote a token (or its marks) belongs to, or -1.</summary>
    public int[] QuoteOf { get; }

    public List<DirectQuote> Quotes { get; }

    public int Count => Tokens.Length;

    public ReadOnlySpan<char> Word(int token) => Tokens[token].AsSpan(Text);

    public bool IsWord(int token) => Tokens[token].Kind == TokenKind.Word;

    /// <summary>A word written in lower case, as function words and verbs are ("said", not "Said" or "SAID").</summary>
    public bool IsLowerWord(int token) => Tokens[token].Kind == TokenKind.Word && char.IsLower(Text[Tokens[token].Start]);

    public bool IsCapitalized(int token) => Tokens[token].Kind == TokenKind.Word && char.IsUpper(Text[Tokens[token].Start]);

    public bool IsPunctuation(int token, char mark) =>
        Tokens[token].Kind == TokenKind.Punctuation && Text[Tokens[token].Start] == mark;

    public bool IsPunctuation(int token) => Tokens[token].Kind is TokenKind.Punctuation or TokenKind.Symbol;

    public bool Is(int token, string word) =>
        Tokens[token].Kind == TokenKind.Word && Word(token).Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool InQuote(int token) => QuoteOf[token] >= 0;

    /// <summary>What kind of speech cue the token is (any case), looked up once a token.</summary>
    public CueKind CueAt(int token)
    {
        if (_cues[token] == 0)
        {
            var kind = Tokens[token].Kind == TokenKind.Word ? SpeechVocabulary.Cue(Word(token)) : CueKind.None;
            if (kind == CueKind.Verb && SpeechVocabulary.IsAlsoPluralNoun(Word(token)) && !AfterSubjectName(token))
            {
                kind = CueKind.None; // "amid opposition claims he was …", "reports that …": nouns
            }
            _cues[token] = (byte)(kind + 1);
        }
        return (CueKind)(_cues[token] - 1);
    }

    /// <summary>Whether a name, a capitalised word or a subject pronoun stands right before the token: "Microsoft reports".</summary>
    private bool AfterSubjectName(int token)
    {
        var before = token - 1;
        if (before < 0 || Tokens[before].Kind != TokenKind.Word)
        {
            return false;
        }
        return MentionOf[before] >= 0 || IsCapitalized(before) || Is(before, "he") || Is(before, "she") || Is(before, "it")
            || Is(before, "they") || Is(before, "who");
    }

    /// <summary>What class of speaker noun the token is (any case), looked up once a token.</summary>
    public NounClass NounAt(int token)
    {
        if (_nouns[token] == 0)
        {
            _nouns[token] = (byte)((Tokens[token].Kind == TokenKind.Word ? SpeechVocabulary.ClassOf(Word(token)) : NounClass.None) + 1);
        }
        return (NounClass)(_nouns[token] - 1);
    }

    public int EntityAt(int token) => MentionOf[token] >= 0 ? Mentions[MentionOf[token]].Entity : -1;

    public EntityType TypeOf(int entity) => Entities[entity].Type;

    public int SentenceStart(int token) => Sentences[SentenceOf[token]].TokenStart;

    public int SentenceEnd(int token) => Sentences[SentenceOf[token]].TokenEnd;

    /// <summary>The first token starting at or after <paramref name="position"/> (Count when none does).</summary>
    public int FirstTokenAtOrAfter(int position)
    {
        int low = 0, high = Tokens.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (Tokens[mid].Start < position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /// <summary>The number of word tokens in <c>tokens[from..to]</c>.</summary>
    public int CountWords(int from, int to)
    {
        var words = 0;
        for (var t = Math.Max(0, from); t < to && t < Count; t++)
        {
            words += Tokens[t].Kind is TokenKind.Word or TokenKind.Number ? 1 : 0;
        }
        return words;
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
}
