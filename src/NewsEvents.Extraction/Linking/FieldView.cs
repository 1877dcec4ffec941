using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Linking;

/// <summary>Token-level questions the linker asks about one field of an article: which word is where, and what it is.</summary>
internal sealed class FieldView(AnalyzedField field)
{
    private readonly IReadOnlyList<Token> _tokens = field.Tokens;
    private readonly IReadOnlyList<Sentence> _sentences = field.Sentences;

    public AnalyzedField Field { get; } = field;

    public string Text => Field.Text;

    public int TokenCount => _tokens.Count;

    public Token this[int index] => _tokens[index];

    public ReadOnlySpan<char> Word(int index) => index >= 0 && index < _tokens.Count ? _tokens[index].AsSpan(Text) : [];

    public bool IsWord(int index) => index >= 0 && index < _tokens.Count && _tokens[index].Kind == TokenKind.Word;

    /// <summary>A word that starts with an upper-case letter.</summary>
    public bool IsCapitalized(int index) => IsWord(index) && char.IsUpper(Text[_tokens[index].Start]);

    /// <summary>A word in lower case (its first letter).</summary>
    public bool IsLowercase(int index) => IsWord(index) && char.IsLower(Text[_tokens[index].Start]);

    public bool IsClass(int index, WordClass classes) => IsWord(index) && WordClasses.Default.Is(Word(index), classes);

    /// <summary>The clitic "'s" or "’s".</summary>
    public bool IsPossessive(int index)
    {
        var word = Word(index);
        return word.Length == 2 && word[0] is '\'' or '’' && word[1] is 's' or 'S';
    }

    public bool IsWord(int index, string word) => IsWord(index) && Word(index).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>The index of the first token that ends after <paramref name="offset"/> (binary search).</summary>
    public int TokenAt(int offset)
    {
        int low = 0, high = _tokens.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_tokens[middle].End <= offset)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>The first token of the sentence that holds token <paramref name="index"/>.</summary>
    public int SentenceStart(int index) => SentenceOf(index).TokenStart;

    /// <summary>The token after the last of the sentence that holds token <paramref name="index"/>.</summary>
    public int SentenceEnd(int index) => SentenceOf(index).TokenEnd;

    private Sentence SentenceOf(int index)
    {
        int low = 0, high = _sentences.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var sentence = _sentences[middle];
            if (index < sentence.TokenStart)
            {
                high = middle - 1;
            }
            else if (index >= sentence.TokenEnd)
            {
                low = middle + 1;
            }
            else
            {
                return sentence;
            }
        }
        return new Sentence(0, _tokens.Count);
    }
}

/// <summary>What a mention was found to refer to.</summary>
/// <param name="Canonical">The name comes from the data (a gazetteer), not from the text.</param>
internal sealed record Resolution(
    string Key,
    string Name,
    EntityType Type,
    bool Canonical,
    LocationKind? Kind = null,
    string? CountryCode = null,
    double? Latitude = null,
    double? Longitude = null,
    string? PartOfKey = null);

/// <summary>A name in the text on its way to an entity: where it is, what the tagger said, and what it was resolved to.</summary>
internal sealed class Mention(FieldView view, int start, int end, Ner.EntityType nerType)
{
    public FieldView View { get; } = view;

    public TextField Field => View.Field.Field;

    public int Start { get; set; } = start;

    public int End { get; set; } = end;

    public Ner.EntityType NerType { get; set; } = nerType;

    /// <summary>The first token of the mention.</summary>
    public int First { get; set; } = view.TokenAt(start);

    /// <summary>The token after the last of the mention.</summary>
    public int Last { get; set; } = view.TokenAt(end - 1) + 1;

    public string Text => View.Text[Start..End];

    /// <summary>The first part of a hyphenated compound ("Russian" in "Russian-occupied"): no words after it join it.</summary>
    public bool IsCompoundModifier { get; set; }

    public List<string> Titles { get; } = [];

    public Resolution? Resolved { get; set; }

    /// <summary>Document order: the title comes before the body.</summary>
    public int Order => (Field == TextField.Title ? 0 : 1 << 30) + Start;

    /// <summary>Moves the mention's start to token <paramref name="first"/> (or its end to the token before <paramref name="last"/>).</summary>
    public void ExtendTo(int first, int last)
    {
        First = first;
        Last = last;
        Start = View[first].Start;
        End = View[last - 1].End;
    }
}
