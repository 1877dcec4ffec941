using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// Finds people, organisations, places and other names (CoNLL-2003 classes) in English text with an averaged-perceptron
/// sequence tagger (Viterbi decoding over BIO tags) whose weights are embedded in this assembly. Thread-safe; never
/// throws on any input, and runs in time linear in the length of the text.
/// </summary>
public sealed class NerTagger
{
    private static readonly Lazy<NerTagger> LazyDefault = new(() => new NerTagger(NerModel.LoadEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private const ushort OutsideOnly = 1 << BioTags.Outside;
    private const ushort NotInside = 1 << BioTags.Outside | 1 << 1 | 1 << 3 | 1 << 5 | 1 << 7;

    // Per-thread scratch space for one sentence at a time.
    [ThreadStatic]
    private static float[]? _scoreScratch;

    [ThreadStatic]
    private static int[]? _integerScratch;

    [ThreadStatic]
    private static ushort[]? _allowedScratch;

    private readonly NerModel _model;
    private readonly FeatureExtractor _features;

    private readonly EmissionScorer _scorer;

    // Per vocabulary form: the tags a word of that form may take, and whether it is a participle compound.
    private readonly ushort[] _allowedByForm;
    private readonly bool[] _participleByForm;

    public NerTagger(NerModel model)
    {
        _model = model;
        _features = new FeatureExtractor(Gazetteer.Default, model.Casing);
        _scorer = new EmissionScorer(model, _features.Vocabulary);
        var vocabulary = _features.Vocabulary;
        _allowedByForm = new ushort[vocabulary.Count];
        _participleByForm = new bool[vocabulary.Count];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var form = vocabulary[id].Form;
            _allowedByForm[id] = model.NameWords.AllowedTags(new Token(0, form.Length, TokenKind.Word), form);
            _participleByForm[id] = IsParticipleCompound(form);
        }
    }

    /// <summary>The tagger with the embedded model, loaded on first use.</summary>
    public static NerTagger Default => LazyDefault.Value;

    public NerModel Model => _model;

    /// <summary>Whether the one-sense-per-document pass runs (on by default; off to measure what it adds).</summary>
    public bool UseDocumentConsistency { get; init; } = true;

    /// <summary>Whether place names in lines of sports results are read as teams (on by default; off to measure what it adds).</summary>
    public bool UseResultsTables { get; init; } = true;

    /// <summary>The entity mentions in <paramref name="text"/>, in order, with UTF-16 offsets into it.</summary>
    public IReadOnlyList<EntitySpan> Tag(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var tokens = Tokenizer.Tokenize(text);
        return Tag(text, tokens, SentenceSplitter.Split(text, tokens));
    }

    /// <summary>
    /// The entity mentions of a text the caller has already tokenised and split (with <see cref="Tokenizer"/> and
    /// <see cref="SentenceSplitter"/>), so that the pipeline reads a text once.
    /// </summary>
    public IReadOnlyList<EntitySpan> Tag(string text, List<Token> tokens, List<Sentence> sentences)
    {
        var tags = TagTokens(text, tokens, sentences);
        var spans = new List<EntitySpan>();
        foreach (var sentence in sentences)
        {
            foreach (var (start, end, type) in BioTags.Spans(tags.AsSpan(sentence.TokenStart, sentence.TokenCount)))
            {
                var from = tokens[sentence.TokenStart + start].Start;
                var to = tokens[sentence.TokenStart + end - 1].End;
                spans.Add(new EntitySpan(from, to, text[from..to], type));
            }
        }
        return spans;
    }

    /// <summary>
    /// "US-based", "Moscow-backed", "Russian-occupied", "Brazilian-born": a name and a participle make a modifier, and
    /// the name after it ("US-based CBS") is a separate one.
    /// </summary>
    private static bool IsParticipleCompound(string form)
    {
        var hyphen = form.LastIndexOf('-');
        if (hyphen <= 0 || !char.IsUpper(form[0]) || form.Length - hyphen < 4 || !char.IsLower(form[hyphen + 1]))
        {
            return false;
        }
        return form.EndsWith("ed", StringComparison.Ordinal) || form.EndsWith("ing", StringComparison.Ordinal)
            || form.EndsWith("born", StringComparison.Ordinal);
    }

    /// <summary>One IOB2 tag id per token (see <see cref="BioTags"/>).</summary>
    public int[] TagTokens(string text, List<Token> tokens, List<Sentence> sentences)
    {
        var tags = new int[tokens.Count];
        var doc = _features.Prepare(text, tokens, sentences);
        var scores = _scoreScratch ??= new float[SentenceSplitter.MaxSentenceTokens * BioTags.Count];
        var integerScores = _integerScratch ??= new int[SentenceSplitter.MaxSentenceTokens * BioTags.Count];
        var allowedBuffer = _allowedScratch ??= new ushort[SentenceSplitter.MaxSentenceTokens];
        var scale = _model.WeightScale;
        foreach (var sentence in sentences)
        {
            var n = sentence.TokenCount;
            if (n > allowedBuffer.Length)
            {
                scores = new float[n * BioTags.Count];
                integerScores = new int[n * BioTags.Count];
                allowedBuffer = new ushort[n];
            }
            var sentenceScores = scores.AsSpan(0, n * BioTags.Count);
            var sentenceIntegers = integerScores.AsSpan(0, n * BioTags.Count);
            _scorer.Score(doc, sentence, sentenceIntegers);
            for (var j = 0; j < sentenceScores.Length; j++)
            {
                sentenceScores[j] = sentenceIntegers[j] * scale;
            }
            // Numbers are never part of a name here: the corpora put one in a name once in thousands of names
            // ("Euro 96"), while score tables are full of names followed by numbers. Nor are lower-case words and
            // marks the corpora never put in a name (NameWords).
            var allowed = allowedBuffer.AsSpan(0, n);
            for (var k = 0; k < n; k++)
            {
                var i = sentence.TokenStart + k;
                var token = tokens[i];
                var id = doc.FormId[i];
                allowed[k] = token.Kind == TokenKind.Number ? OutsideOnly
                    : id >= 0 && token.Kind != TokenKind.Url ? _allowedByForm[id]
                    : _model.NameWords.AllowedTags(token, doc.Forms[i]);
                if (k > 0 && (doc.FormId[i - 1] is var previous and >= 0 ? _participleByForm[previous] : IsParticipleCompound(doc.Forms[i - 1])))
                {
                    allowed[k] &= NotInside;
                }
            }
            Viterbi.Decode(sentenceScores, n, _model.Transitions, tags.AsSpan(sentence.TokenStart, n), allowed);
        }
        var teams = UseResultsTables ? ResultsTables.Apply(doc, tags, Gazetteer.Default) : null;
        if (UseDocumentConsistency)
        {
            DocumentConsistency.Apply(doc, tags, teams);
        }
        return tags;
    }
}
