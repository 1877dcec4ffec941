using System.Runtime.InteropServices;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>How a sentence is cased: running text, an upper-case headline, or a headline in title case.</summary>
internal enum SentenceCase : byte
{
    Normal,
    Upper,
    Title,
}

/// <summary>
/// A document prepared for feature extraction: the tokens' forms (upper-case and title-case headlines restored to
/// their usual case from the rest of the document or the casing lexicon), their hashes, gazetteer matches and
/// document-level casing evidence.
/// </summary>
internal sealed class DocumentView
{
    public required string Text { get; init; }

    public required List<Token> Tokens { get; init; }

    public required List<Sentence> Sentences { get; init; }

    public required string[] Forms { get; init; }

    public required string[] Lowers { get; init; }

    public required ulong[] FormHash { get; init; }

    public required ulong[] LowerHash { get; init; }

    public required ulong[] ShapeHash { get; init; }

    public required ulong[] ShortShapeHash { get; init; }

    public required uint[] GazetteerBegin { get; init; }

    public required uint[] GazetteerInside { get; init; }

    /// <summary>Per token: the <see cref="Vocabulary"/> id of its form (after headline case restoration), or -1.</summary>
    public required int[] FormId { get; init; }

    /// <summary>Per token: the <see cref="Vocabulary"/> id of a form whose lower-case form is the token's, or -1.</summary>
    public required int[] LowerId { get; init; }

    /// <summary>Per token: bit 0 sentence-initial; bits 1–2 <see cref="SentenceCase"/>; bits 3–4 case source; bits 5–6 document case; bits 7–8 lexicon case.</summary>
    public required ushort[] Flags { get; init; }
}

/// <summary>
/// Turns tokens into hashed features for the perceptron: the word and its lower-case form, shape, prefixes and
/// suffixes, neighbouring words and shapes, capitalisation at the start of a sentence and in headlines, gazetteer
/// membership (with the position in a multi-word match) and how the same word is written elsewhere in the document.
/// </summary>
internal sealed class FeatureExtractor(Gazetteer gazetteer, CasingLexicon casing)
{
    /// <summary>Room for every feature of one token.</summary>
    public const int MaxFeaturesPerToken = 64;

    /// <summary>Where <see cref="Extract"/> writes the form and lower-case form features (the trainer's word dropout hides them).</summary>
    public const int FormFeatureIndex = 1, LowerFeatureIndex = 2;

    internal const ulong Bos = 0x5EED_0000_0000_0001UL;
    internal const ulong Eos = 0x5EED_0000_0000_0002UL;

    // Feature template ids: part of the model format.
    internal const ulong TBias = 1, TForm = 2, TLower = 3, TShape = 4, TShortShape = 5, TPrefix = 6, TSuffix = 7;
    internal const ulong TPrev = 8, TNext = 9, TPrev2 = 10, TNext2 = 11, TShapeTrigram = 12, TPrevBigram = 13, TNextBigram = 14;
    internal const ulong TGazetteer = 15, TGazetteerPrev = 16, TGazetteerNext = 17, TInitial = 18, TSentenceCase = 19;
    internal const ulong TCaseSource = 20, TDocumentCase = 21, TLexiconCase = 22, THyphenFirst = 23, THyphenLast = 24;
    internal const ulong TPrevShape = 25, TShapeNext = 26, TFormLength = 27;

    /// <summary>One-character ASCII tokens (punctuation, "a", "I") without a new string each time.</summary>
    private static readonly string[] AsciiStrings = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    internal const int CaseSourceNone = 0, CaseSourceDocument = 1, CaseSourceLexicon = 2, CaseSourceUnknown = 3;

    public Gazetteer Gazetteer => gazetteer;

    public CasingLexicon Casing => casing;

    /// <summary>The common forms with what is computed from a form alone.</summary>
    public Vocabulary Vocabulary { get; } = new(gazetteer, casing);

    public DocumentView Prepare(string text, List<Token> tokens, List<Sentence> sentences)
    {
        var n = tokens.Count;
        var vocabulary = Vocabulary;
        var forms = new string[n];
        var lowers = new string[n];
        var flags = new ushort[n];
        var formHash = new ulong[n];
        var lowerHash = new ulong[n];
        var formId = new int[n];
        var lowerId = new int[n];
        var modes = new SentenceCase[sentences.Count];

        // 0. Forms: a known form is the vocabulary's string, with its lower-case form and hashes; any other is made here.
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            var span = token.AsSpan(text);
            var hash = FeatureHash.Of(span);
            var id = vocabulary.Find(hash, span);
            formHash[i] = hash;
            formId[i] = id;
            lowerId[i] = id;
            if (id >= 0)
            {
                ref readonly var entry = ref vocabulary[id];
                forms[i] = entry.Form;
                lowers[i] = entry.Lower;
                lowerHash[i] = entry.LowerHash;
            }
            else
            {
                var form = forms[i] = token.Length == 1 && text[token.Start] < 128 ? AsciiStrings[text[token.Start]] : token.GetText(text);
                var lower = lowers[i] = form.ToLowerInvariant();
                lowerHash[i] = FeatureHash.Of(lower);
                // The lower-case form may be known where the form is not ("REUTER", "Talks").
                var known = token.Kind == TokenKind.Word ? vocabulary.Find(lowerHash[i], lower) : -1;
                lowerId[i] = known >= 0 && string.Equals(vocabulary[known].Lower, lower, StringComparison.Ordinal) ? known : -1;
            }
        }

        // 1. Sentence modes, and how each word is written in the document's running text (per lower-case form: every
        // word gets the index of its form's counts, so that step 2 need not look it up again).
        var caseIndex = new Dictionary<ulong, int>();
        var wordCounts = new int[n];
        var documentCase = new DocumentCounts[n];
        for (var s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            var mode = modes[s] = DetectCase(text, tokens, sentence, formId, vocabulary);
            var seenWord = false;
            for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
            {
                var kind = tokens[i].Kind;
                var initial = !seenWord;
                flags[i] = (ushort)((initial ? 1 : 0) | (int)mode << 1);
                if (kind is TokenKind.Word or TokenKind.Number)
                {
                    seenWord = true;
                }
                if (kind != TokenKind.Word)
                {
                    continue;
                }
                ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(caseIndex, lowerHash[i], out var exists);
                if (!exists)
                {
                    index = caseIndex.Count - 1;
                }
                wordCounts[i] = index;
                if (mode == SentenceCase.Normal && !initial)
                {
                    documentCase[index] = documentCase[index].Add(forms[i], CaseOf(forms[i], formId[i], vocabulary));
                }
            }
        }

        // 2. Headline words take their usual form; every word gets its document and lexicon case evidence.
        var inPhrase = new bool[n];
        for (var s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            var mode = modes[s];
            if (mode != SentenceCase.Normal)
            {
                MarkGazetteerPhrases(tokens, lowerHash, formId, sentence, inPhrase);
            }
            for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
            {
                if (tokens[i].Kind != TokenKind.Word)
                {
                    continue;
                }
                var lower = lowers[i];
                var originalCase = CaseOf(forms[i], formId[i], vocabulary);
                var counts = documentCase[wordCounts[i]];
                if (mode == SentenceCase.Normal && (flags[i] & 1) == 0)
                {
                    counts = counts.Remove(originalCase);
                }
                string? usual;
                int lexiconCase;
                if (lowerId[i] >= 0)
                {
                    ref readonly var entry = ref vocabulary[lowerId[i]];
                    usual = entry.Usual;
                    lexiconCase = entry.UsualCase;
                }
                else
                {
                    usual = casing.TryGetForm(lower, out var found) ? found : null;
                    lexiconCase = usual is not null ? 1 + (int)CaseOf(usual) : 0;
                }
                var source = CaseSourceNone;
                if (mode == SentenceCase.Upper && originalCase == WordCase.Upper
                    || mode == SentenceCase.Title && originalCase == WordCase.Capitalised)
                {
                    if (inPhrase[i])
                    {
                        // A word of a multi-word gazetteer name ("NEW YORK", "HONG KONG") is capitalised like the name.
                        forms[i] = usual is not null && CaseOf(usual) != WordCase.Lower ? usual : Capitalise(lower);
                        source = CaseSourceLexicon;
                    }
                    else if (counts.Total > 0)
                    {
                        forms[i] = counts.Preferred(lower);
                        source = CaseSourceDocument;
                    }
                    else if (usual is not null)
                    {
                        forms[i] = usual;
                        source = CaseSourceLexicon;
                    }
                    else
                    {
                        forms[i] = Capitalise(lower);
                        source = CaseSourceUnknown;
                    }
                    // The form changed: its hash and vocabulary id follow.
                    formHash[i] = FeatureHash.Of(forms[i]);
                    formId[i] = vocabulary.Find(formHash[i], forms[i]);
                }
                flags[i] |= (ushort)(source << 3 | counts.Evidence << 5 | Math.Min(lexiconCase, 3) << 7);
            }
        }

        // 3. Shapes and gazetteer matches.
        var shapeHash = new ulong[n];
        var shortShapeHash = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            var id = formId[i];
            if (id >= 0)
            {
                shapeHash[i] = vocabulary[id].Shape;
                shortShapeHash[i] = vocabulary[id].ShortShape;
            }
            else
            {
                (shapeHash[i], shortShapeHash[i]) = Shapes(forms[i]);
            }
        }
        var gazetteerBegin = new uint[n];
        var gazetteerInside = new uint[n];
        foreach (var sentence in sentences)
        {
            MatchGazetteer(tokens, forms, lowerHash, lowerId, sentence, gazetteerBegin, gazetteerInside);
        }

        return new DocumentView
        {
            Text = text,
            Tokens = tokens,
            Sentences = sentences,
            Forms = forms,
            Lowers = lowers,
            FormHash = formHash,
            LowerHash = lowerHash,
            ShapeHash = shapeHash,
            ShortShapeHash = shortShapeHash,
            GazetteerBegin = gazetteerBegin,
            GazetteerInside = gazetteerInside,
            Flags = flags,
            FormId = formId,
            LowerId = lowerId,
        };
    }

    private static WordCase CaseOf(string form, int id, Vocabulary vocabulary) => id >= 0 ? vocabulary[id].Case : CaseOf(form);

    /// <summary>Writes the features of token <paramref name="i"/> of <paramref name="sentence"/>; returns how many.</summary>
    public static int Extract(DocumentView doc, Sentence sentence, int i, Span<ulong> output)
    {
        var count = ExtractIntrinsic(doc.FormHash[i], doc.LowerHash[i], doc.ShapeHash[i], doc.ShortShapeHash[i], doc.Lowers[i], output);
        return ExtractContext(doc, sentence, i, output, count);
    }

    /// <summary>
    /// The features that depend on the token's form alone (the bias, form, lower-case form, shapes, prefixes, suffixes
    /// and length); they come first, so that a tagger may add their weights from a per-form cache instead.
    /// </summary>
    public static int ExtractIntrinsic(ulong formHash, ulong lowerHash, ulong shapeHash, ulong shortShapeHash, string word, Span<ulong> output)
    {
        var count = 0;
        output[count++] = TBias;
        output[count++] = FeatureHash.Combine(TForm, formHash);
        output[count++] = FeatureHash.Combine(TLower, lowerHash);
        output[count++] = FeatureHash.Combine(TShape, shapeHash);
        output[count++] = FeatureHash.Combine(TShortShape, shortShapeHash);
        if (word.Length <= 40)
        {
            // Prefix and suffix hashes grow one character at a time (the suffix reads backwards from the end).
            const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
            ulong prefix = offset, suffix = offset;
            for (var k = 1; k <= 4 && k <= word.Length; k++)
            {
                prefix = (prefix ^ word[k - 1]) * prime;
                suffix = (suffix ^ word[^k]) * prime;
                output[count++] = FeatureHash.Combine(TPrefix, (ulong)k, prefix);
                output[count++] = FeatureHash.Combine(TSuffix, (ulong)k, suffix);
            }
        }
        output[count++] = FeatureHash.Combine(TFormLength, (ulong)Math.Min(word.Length, 12));
        return count;
    }

    /// <summary>How many features <see cref="ExtractIntrinsic(ulong, ulong, ulong, ulong, string, Span{ulong})"/> writes for a lower-case word.</summary>
    public static int IntrinsicCount(string word) => 6 + (word.Length <= 40 ? 2 * Math.Min(word.Length, 4) : 0);

    /// <summary>The intrinsic features of a form outside any document (for the tagger's per-form cache).</summary>
    public static int ExtractIntrinsic(string form, Span<ulong> output)
    {
        var lower = form.ToLowerInvariant();
        var (shape, shortShape) = Shapes(form);
        return ExtractIntrinsic(FeatureHash.Of(form), FeatureHash.Of(lower), shape, shortShape, lower, output);
    }

    /// <summary>The features of token <paramref name="i"/> that depend on its context, written from <paramref name="count"/> on.</summary>
    public static int ExtractContext(DocumentView doc, Sentence sentence, int i, Span<ulong> output, int count)
    {
        var s = sentence.TokenStart;
        var e = sentence.TokenEnd;
        var lower = doc.LowerHash;
        var shortShape = doc.ShortShapeHash;
        var prev = i > s ? lower[i - 1] : Bos;
        var next = i + 1 < e ? lower[i + 1] : Eos;
        var prev2 = i - 1 > s ? lower[i - 2] : Bos;
        var next2 = i + 2 < e ? lower[i + 2] : Eos;
        var prevShape = i > s ? shortShape[i - 1] : Bos;
        var nextShape = i + 1 < e ? shortShape[i + 1] : Eos;
        var shape = shortShape[i];
        var word = doc.Lowers[i];

        output[count++] = FeatureHash.Combine(TPrev, prev);
        output[count++] = FeatureHash.Combine(TNext, next);
        output[count++] = FeatureHash.Combine(TPrev2, prev2);
        output[count++] = FeatureHash.Combine(TNext2, next2);
        output[count++] = FeatureHash.Combine(TShapeTrigram, prevShape, shape, nextShape);
        output[count++] = FeatureHash.Combine(TPrevBigram, prev, lower[i]);
        output[count++] = FeatureHash.Combine(TNextBigram, lower[i], next);
        output[count++] = FeatureHash.Combine(TPrevShape, prev, shape);
        output[count++] = FeatureHash.Combine(TShapeNext, shape, next);

        count = AddGazetteer(doc.GazetteerBegin[i], doc.GazetteerInside[i], TGazetteer, output, count);
        if (i > s)
        {
            count = AddGazetteer(doc.GazetteerBegin[i - 1] | doc.GazetteerInside[i - 1], 0, TGazetteerPrev, output, count);
        }
        if (i + 1 < e)
        {
            count = AddGazetteer(doc.GazetteerBegin[i + 1] | doc.GazetteerInside[i + 1], 0, TGazetteerNext, output, count);
        }

        var flags = doc.Flags[i];
        var mode = (ulong)(flags >> 1 & 3);
        if ((flags & 1) != 0)
        {
            output[count++] = FeatureHash.Combine(TInitial, shape);
        }
        if (mode != (ulong)SentenceCase.Normal)
        {
            output[count++] = FeatureHash.Combine(TSentenceCase, mode, shape);
            output[count++] = FeatureHash.Combine(TCaseSource, mode, (ulong)(flags >> 3 & 3));
        }
        if (doc.Tokens[i].Kind == TokenKind.Word)
        {
            var capitalised = char.IsUpper(doc.Forms[i][0]) ? 1UL : 0UL;
            output[count++] = FeatureHash.Combine(TDocumentCase, capitalised, (ulong)(flags >> 5 & 3));
            output[count++] = FeatureHash.Combine(TLexiconCase, capitalised, (ulong)(flags >> 7 & 3), (ulong)(flags & 1));
            var hyphen = word.IndexOf('-', StringComparison.Ordinal);
            if (hyphen > 0 && hyphen < word.Length - 1 && word.Length <= 40)
            {
                output[count++] = FeatureHash.Combine(THyphenFirst, FeatureHash.Of(word.AsSpan(0, hyphen)));
                output[count++] = FeatureHash.Combine(THyphenLast, FeatureHash.Of(word.AsSpan(word.LastIndexOf('-') + 1)));
            }
        }
        return count;
    }

    private static int AddGazetteer(uint begin, uint inside, ulong template, Span<ulong> output, int count)
    {
        var all = begin | inside;
        for (var c = 0; all != 0 && c < Gazetteer.CategoryCount && count < MaxFeaturesPerToken - 4; c++, all >>= 1)
        {
            if ((all & 1) != 0)
            {
                var position = (begin >> c & 1) != 0 ? 1UL : 2UL;
                output[count++] = FeatureHash.Combine(template, (ulong)c, position);
            }
        }
        return count;
    }

    /// <summary>Marks the words of multi-word gazetteer names in a headline (matched in lower case, longest first).</summary>
    private void MarkGazetteerPhrases(List<Token> tokens, ulong[] lowerHash, int[] lowerId, Sentence sentence, bool[] inPhrase)
    {
        for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
        {
            if (tokens[i].Kind != TokenKind.Word)
            {
                continue;
            }
            var hash = 0UL;
            var longest = 0;
            for (var length = 1; length <= Gazetteer.MaxPhraseTokens && i + length <= sentence.TokenEnd; length++)
            {
                hash = Gazetteer.Extend(hash, lowerHash[i + length - 1]);
                var found = length == 1 && lowerId[i] >= 0 ? Vocabulary[lowerId[i]].GazetteerFirst : gazetteer.LookupWithPrefix(hash);
                if ((found & ~(GazetteerCategory.Prefix | GazetteerCategory.Honorific)) != 0)
                {
                    longest = length;
                }
                if ((found & GazetteerCategory.Prefix) == 0)
                {
                    break;
                }
            }
            if (longest >= 2)
            {
                inPhrase.AsSpan(i, longest).Fill(true);
                i += longest - 1;
            }
        }
    }

    /// <summary>Longest match per category, starting at a capitalised word or number.</summary>
    private void MatchGazetteer(List<Token> tokens, string[] forms, ulong[] lowerHash, int[] lowerId, Sentence sentence, uint[] begin, uint[] inside)
    {
        Span<int> coveredUntil = stackalloc int[Gazetteer.CategoryCount];
        Span<int> longest = stackalloc int[Gazetteer.CategoryCount];
        for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
        {
            var first = forms[i];
            if (tokens[i].Kind is not (TokenKind.Word or TokenKind.Number) || !(char.IsUpper(first[0]) || char.IsDigit(first[0])))
            {
                continue;
            }
            longest.Clear();
            var hash = 0UL;
            var any = false;
            for (var length = 1; length <= Gazetteer.MaxPhraseTokens && i + length <= sentence.TokenEnd; length++)
            {
                hash = Gazetteer.Extend(hash, lowerHash[i + length - 1]);
                var found = length == 1 && lowerId[i] >= 0 ? Vocabulary[lowerId[i]].GazetteerFirst : gazetteer.LookupWithPrefix(hash);
                var categories = (uint)(found & ~GazetteerCategory.Prefix);
                for (var c = 0; categories != 0; c++, categories >>= 1)
                {
                    if ((categories & 1) != 0)
                    {
                        longest[c] = length;
                        any = true;
                    }
                }
                if ((found & GazetteerCategory.Prefix) == 0)
                {
                    break;
                }
            }
            if (!any)
            {
                continue;
            }
            for (var c = 0; c < Gazetteer.CategoryCount; c++)
            {
                if (longest[c] == 0 || i < coveredUntil[c])
                {
                    continue;
                }
                begin[i] |= 1u << c;
                for (var k = i + 1; k < i + longest[c]; k++)
                {
                    inside[k] |= 1u << c;
                }
                coveredUntil[c] = i + longest[c];
            }
        }
    }

    /// <summary>Upper-case headline when most words of two or more letters are upper case; title case when nearly all words are capitalised.</summary>
    public static SentenceCase DetectCase(string text, List<Token> tokens, Sentence sentence) => DetectCase(text, tokens, sentence, null, null);

    private static SentenceCase DetectCase(string text, List<Token> tokens, Sentence sentence, int[]? formId, Vocabulary? vocabulary)
    {
        int words = 0, upper = 0, capitalised = 0;
        for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
        {
            var token = tokens[i];
            if (token.Kind != TokenKind.Word)
            {
                continue;
            }
            var bits = formId is not null && formId[i] >= 0 ? vocabulary![formId[i]].WordBits : Vocabulary.BitsOf(token.AsSpan(text));
            if ((bits & Vocabulary.TwoLetters) == 0)
            {
                continue;
            }
            words++;
            upper += (bits & Vocabulary.AllUpper) != 0 ? 1 : 0;
            capitalised += (bits & Vocabulary.FirstUpper) != 0 ? 1 : 0;
        }
        if (words >= 2 && upper * 5 >= words * 4)
        {
            return SentenceCase.Upper;
        }
        return words >= 4 && capitalised * 5 >= words * 4 ? SentenceCase.Title : SentenceCase.Normal;
    }

    internal static (ulong Shape, ulong ShortShape) Shapes(string form)
    {
        const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
        ulong shape = offset, shortShape = offset;
        var last = '\0';
        var run = 0;
        var length = Math.Min(form.Length, 40);
        for (var k = 0; k < length; k++)
        {
            var c = form[k];
            var m = char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : char.IsLetter(c) ? 'L' : c;
            run = m == last ? run + 1 : 1;
            if (run <= 4)
            {
                shape = (shape ^ m) * prime;
            }
            if (run == 1)
            {
                shortShape = (shortShape ^ m) * prime;
            }
            last = m;
        }
        return (FeatureHash.Mix(shape), FeatureHash.Mix(shortShape));
    }

    private static string Capitalise(string lower) =>
        lower.Length == 0 ? lower : string.Concat(char.ToUpperInvariant(lower[0]).ToString(), lower.AsSpan(1));

    internal enum WordCase
    {
        Lower,
        Capitalised,
        Upper,
    }

    internal static WordCase CaseOf(string form)
    {
        var letters = 0;
        var upper = 0;
        foreach (var c in form)
        {
            if (char.IsLetter(c))
            {
                letters++;
                upper += char.IsUpper(c) ? 1 : 0;
            }
        }
        if (upper == 0)
        {
            return WordCase.Lower;
        }
        return letters >= 2 && upper == letters ? WordCase.Upper : WordCase.Capitalised;
    }

    /// <summary>How one word is written in the running text of a document.</summary>
    private readonly record struct DocumentCounts(int Lower, int Capitalised, int Upper, string? CapitalisedForm)
    {
        public int Total => Lower + Capitalised + Upper;

        /// <summary>0 nowhere else, 1 only lower case, 2 only capitalised or upper case, 3 both.</summary>
        public int Evidence => (Lower > 0 ? 1 : 0) | (Capitalised + Upper > 0 ? 2 : 0);

        public DocumentCounts Add(string form, WordCase wordCase) => wordCase switch
        {
            WordCase.Lower => this with { Lower = Lower + 1 },
            WordCase.Upper => this with { Upper = Upper + 1 },
            _ => this with { Capitalised = Capitalised + 1, CapitalisedForm = CapitalisedForm ?? form },
        };

        public DocumentCounts Remove(WordCase wordCase) => wordCase switch
        {
            WordCase.Lower => this with { Lower = Math.Max(0, Lower - 1) },
            WordCase.Upper => this with { Upper = Math.Max(0, Upper - 1) },
            _ => this with { Capitalised = Math.Max(0, Capitalised - 1) },
        };

        public string Preferred(string lower) =>
            Lower >= Capitalised + Upper ? lower
            : Upper > Capitalised ? lower.ToUpperInvariant()
            : CapitalisedForm ?? lower;
    }
}
