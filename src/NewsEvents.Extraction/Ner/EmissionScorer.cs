using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// The tagger's emission scores: for each token, the sum of the quantised weights of exactly the features
/// <see cref="FeatureExtractor.Extract"/> writes for it, in units of <see cref="NerModel.WeightScale"/> (integer sums,
/// so the order of addition does not matter and the result is the same as adding feature by feature). It needs far
/// fewer look-ups in the model's feature table than feature-by-feature scoring:
/// <list type="bullet">
/// <item>Per form, for the common forms (<see cref="Vocabulary"/>): the sum of its form-only features (bias, form, shapes, prefixes, suffixes,
/// length), and the rows that its lower-case word gives its neighbours as the previous, next, second previous and
/// second next word. A token then costs one look-up for a third of its features and four of its neighbours'.</item>
/// <item>Per value, for the features of few values (gazetteer categories and positions, case evidence, the sentence
/// boundaries): their rows, computed once.</item>
/// </list>
/// What is left per token is the shape trigram, the word bigrams, the word-and-shape pairs and the rarer headline,
/// sentence-initial and hyphen features. Thread-safe: scratch space is per thread.
/// </summary>
internal sealed class EmissionScorer
{
    private const int T = BioTags.Count;

    /// <summary>Neighbour rows per word: as previous word, next word, second previous, second next.</summary>
    private const int NeighbourRows = 4;

    private const int AsPrevious = 0, AsNext = 1, AsPrevious2 = 2, AsNext2 = 3;

    [ThreadStatic]
    private static short[]? _neighbourScratch;

    private readonly NerModel _model;

    // Per vocabulary id: the summed form-only weights of the form, and the neighbour rows of its lower-case form.
    // Both in one block of 128 bytes (two cache lines) per id: nine 32-bit sums, then four rows of nine 16-bit weights.
    private const int BlockShorts = 64, NeighbourOffset = 2 * T;
    private readonly short[] _blocks;
    private readonly int _firstBlock;

    // Rows of the features with few values.
    private readonly short[] _boundary = new short[NeighbourRows * T];
    private readonly int[] _gazetteerSelf = new int[Gazetteer.CategoryCount * 2 * T];
    private readonly int[] _gazetteerPrevious = new int[Gazetteer.CategoryCount * T];
    private readonly int[] _gazetteerNext = new int[Gazetteer.CategoryCount * T];
    private readonly int[] _documentCase = new int[2 * 4 * T];
    private readonly int[] _lexiconCase = new int[2 * 4 * 2 * T];
    private readonly int[] _caseSource = new int[3 * 4 * T];

    public EmissionScorer(NerModel model, Vocabulary vocabulary)
    {
        _model = model;
        // The blocks start on a cache-line boundary: the array is pinned (it lives as long as the tagger) to know its address.
        _blocks = GC.AllocateArray<short>((vocabulary.Count + 1) * BlockShorts, pinned: true);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(_blocks, System.Runtime.InteropServices.GCHandleType.Pinned);
        _firstBlock = (int)((64 - handle.AddrOfPinnedObject() % 64) % 64 / sizeof(short));
        handle.Free();
        Span<ulong> buffer = stackalloc ulong[FeatureExtractor.MaxFeaturesPerToken];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var count = FeatureExtractor.ExtractIntrinsic(vocabulary[id].Form, buffer);
            var intrinsic = Intrinsic(id);
            for (var f = 0; f < count; f++)
            {
                model.AddWeights(buffer[f], intrinsic);
            }
            NeighbourRowsOf(vocabulary[id].LowerHash, Neighbours(id));
        }

        AddRow(FeatureHash.Combine(FeatureExtractor.TPrev, FeatureExtractor.Bos), _boundary.AsSpan(AsPrevious * T, T));
        AddRow(FeatureHash.Combine(FeatureExtractor.TNext, FeatureExtractor.Eos), _boundary.AsSpan(AsNext * T, T));
        AddRow(FeatureHash.Combine(FeatureExtractor.TPrev2, FeatureExtractor.Bos), _boundary.AsSpan(AsPrevious2 * T, T));
        AddRow(FeatureHash.Combine(FeatureExtractor.TNext2, FeatureExtractor.Eos), _boundary.AsSpan(AsNext2 * T, T));
        for (var c = 0; c < Gazetteer.CategoryCount; c++)
        {
            for (var position = 1; position <= 2; position++)
            {
                model.AddWeights(FeatureHash.Combine(FeatureExtractor.TGazetteer, (ulong)c, (ulong)position), _gazetteerSelf.AsSpan((c * 2 + position - 1) * T, T));
            }
            model.AddWeights(FeatureHash.Combine(FeatureExtractor.TGazetteerPrev, (ulong)c, 1UL), _gazetteerPrevious.AsSpan(c * T, T));
            model.AddWeights(FeatureHash.Combine(FeatureExtractor.TGazetteerNext, (ulong)c, 1UL), _gazetteerNext.AsSpan(c * T, T));
        }
        for (var capitalised = 0; capitalised < 2; capitalised++)
        {
            for (var value = 0; value < 4; value++)
            {
                model.AddWeights(FeatureHash.Combine(FeatureExtractor.TDocumentCase, (ulong)capitalised, (ulong)value), _documentCase.AsSpan((capitalised * 4 + value) * T, T));
                for (var initial = 0; initial < 2; initial++)
                {
                    model.AddWeights(FeatureHash.Combine(FeatureExtractor.TLexiconCase, (ulong)capitalised, (ulong)value, (ulong)initial),
                        _lexiconCase.AsSpan(((capitalised * 4 + value) * 2 + initial) * T, T));
                }
            }
        }
        for (var mode = 0; mode < 3; mode++)
        {
            for (var source = 0; source < 4; source++)
            {
                model.AddWeights(FeatureHash.Combine(FeatureExtractor.TCaseSource, (ulong)mode, (ulong)source), _caseSource.AsSpan((mode * 4 + source) * T, T));
            }
        }
    }

    /// <summary>Writes the integer emission scores of the tokens of <paramref name="sentence"/> to <paramref name="scores"/> (n × <see cref="BioTags.Count"/>).</summary>
    public void Score(DocumentView doc, Sentence sentence, Span<int> scores)
    {
        var n = sentence.TokenCount;
        var s = sentence.TokenStart;
        if (_neighbourScratch is null || _neighbourScratch.Length < n * NeighbourRows * T)
        {
            _neighbourScratch = new short[Math.Max(n, SentenceSplitter.MaxSentenceTokens) * NeighbourRows * T];
        }
        var neighbours = _neighbourScratch.AsSpan(0, n * NeighbourRows * T);
        Span<ulong> buffer = stackalloc ulong[FeatureExtractor.MaxFeaturesPerToken];

        // 1. Each token's form-only features and what its word gives its neighbours.
        for (var k = 0; k < n; k++)
        {
            var i = s + k;
            var row = scores.Slice(k * T, T);
            var own = neighbours.Slice(k * NeighbourRows * T, NeighbourRows * T);
            var entry = doc.FormId[i];
            if (entry >= 0)
            {
                Intrinsic(entry).CopyTo(row);
            }
            else
            {
                row.Clear();
                var count = FeatureExtractor.ExtractIntrinsic(doc.FormHash[i], doc.LowerHash[i], doc.ShapeHash[i], doc.ShortShapeHash[i], doc.Lowers[i], buffer);
                for (var f = 0; f < count; f++)
                {
                    _model.AddWeights(buffer[f], row);
                }
            }
            var lowerEntry = doc.LowerId[i];
            if (lowerEntry >= 0)
            {
                Neighbours(lowerEntry).CopyTo(own);
            }
            else
            {
                NeighbourRowsOf(doc.LowerHash[i], own);
            }
        }

        // 2. Context.
        var lower = doc.LowerHash;
        var shortShape = doc.ShortShapeHash;
        for (var k = 0; k < n; k++)
        {
            var i = s + k;
            var row = scores.Slice(k * T, T);
            Add(row, k > 0 ? neighbours.Slice(((k - 1) * NeighbourRows + AsPrevious) * T, T) : _boundary.AsSpan(AsPrevious * T, T));
            Add(row, k + 1 < n ? neighbours.Slice(((k + 1) * NeighbourRows + AsNext) * T, T) : _boundary.AsSpan(AsNext * T, T));
            Add(row, k > 1 ? neighbours.Slice(((k - 2) * NeighbourRows + AsPrevious2) * T, T) : _boundary.AsSpan(AsPrevious2 * T, T));
            Add(row, k + 2 < n ? neighbours.Slice(((k + 2) * NeighbourRows + AsNext2) * T, T) : _boundary.AsSpan(AsNext2 * T, T));

            var prev = k > 0 ? lower[i - 1] : FeatureExtractor.Bos;
            var next = k + 1 < n ? lower[i + 1] : FeatureExtractor.Eos;
            var prevShape = k > 0 ? shortShape[i - 1] : FeatureExtractor.Bos;
            var nextShape = k + 1 < n ? shortShape[i + 1] : FeatureExtractor.Eos;
            var shape = shortShape[i];
            _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TShapeTrigram, prevShape, shape, nextShape), row);
            _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TPrevBigram, prev, lower[i]), row);
            _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TNextBigram, lower[i], next), row);
            _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TPrevShape, prev, shape), row);
            _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TShapeNext, shape, next), row);

            var begin = doc.GazetteerBegin[i];
            for (var all = begin | doc.GazetteerInside[i]; all != 0; all &= all - 1)
            {
                var c = System.Numerics.BitOperations.TrailingZeroCount(all);
                var position = (begin >> c & 1) != 0 ? 0 : 1;
                Add(row, _gazetteerSelf.AsSpan((c * 2 + position) * T, T));
            }
            if (k > 0)
            {
                for (var all = doc.GazetteerBegin[i - 1] | doc.GazetteerInside[i - 1]; all != 0; all &= all - 1)
                {
                    Add(row, _gazetteerPrevious.AsSpan(System.Numerics.BitOperations.TrailingZeroCount(all) * T, T));
                }
            }
            if (k + 1 < n)
            {
                for (var all = doc.GazetteerBegin[i + 1] | doc.GazetteerInside[i + 1]; all != 0; all &= all - 1)
                {
                    Add(row, _gazetteerNext.AsSpan(System.Numerics.BitOperations.TrailingZeroCount(all) * T, T));
                }
            }

            var flags = doc.Flags[i];
            var mode = flags >> 1 & 3;
            if ((flags & 1) != 0)
            {
                _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TInitial, shape), row);
            }
            if (mode != (int)SentenceCase.Normal)
            {
                _model.AddWeights(FeatureHash.Combine(FeatureExtractor.TSentenceCase, (ulong)mode, shape), row);
                Add(row, _caseSource.AsSpan((mode * 4 + (flags >> 3 & 3)) * T, T));
            }
            if (doc.Tokens[i].Kind == TokenKind.Word)
            {
                var capitalised = char.IsUpper(doc.Forms[i][0]) ? 1 : 0;
                Add(row, _documentCase.AsSpan((capitalised * 4 + (flags >> 5 & 3)) * T, T));
                Add(row, _lexiconCase.AsSpan(((capitalised * 4 + (flags >> 7 & 3)) * 2 + (flags & 1)) * T, T));
                var word = doc.Lowers[i];
                var hyphen = word.IndexOf('-', StringComparison.Ordinal);
                if (hyphen > 0 && hyphen < word.Length - 1 && word.Length <= 40)
                {
                    _model.AddWeights(FeatureHash.Combine(FeatureExtractor.THyphenFirst, FeatureHash.Of(word.AsSpan(0, hyphen))), row);
                    _model.AddWeights(FeatureHash.Combine(FeatureExtractor.THyphenLast, FeatureHash.Of(word.AsSpan(word.LastIndexOf('-') + 1))), row);
                }
            }
        }
    }

    private Span<int> Intrinsic(int id) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<short, int>(_blocks.AsSpan(_firstBlock + id * BlockShorts, 2 * T));

    private Span<short> Neighbours(int id) => _blocks.AsSpan(_firstBlock + id * BlockShorts + NeighbourOffset, NeighbourRows * T);

    /// <summary>The rows a word (by its lower-case hash) gives the tokens around it.</summary>
    private void NeighbourRowsOf(ulong lowerHash, Span<short> rows)
    {
        AddRow(FeatureHash.Combine(FeatureExtractor.TPrev, lowerHash), rows.Slice(AsPrevious * T, T));
        AddRow(FeatureHash.Combine(FeatureExtractor.TNext, lowerHash), rows.Slice(AsNext * T, T));
        AddRow(FeatureHash.Combine(FeatureExtractor.TPrev2, lowerHash), rows.Slice(AsPrevious2 * T, T));
        AddRow(FeatureHash.Combine(FeatureExtractor.TNext2, lowerHash), rows.Slice(AsNext2 * T, T));
    }

    /// <summary>One feature's row as 16-bit values (the model's weights are 16-bit, so one row always fits).</summary>
    private void AddRow(ulong feature, Span<short> row)
    {
        Span<int> wide = stackalloc int[T];
        _model.AddWeights(feature, wide);
        for (var t = 0; t < T; t++)
        {
            row[t] = (short)wide[t];
        }
    }

    private static void Add(Span<int> row, ReadOnlySpan<int> values)
    {
        for (var t = 0; t < T; t++)
        {
            row[t] += values[t];
        }
    }

    private static void Add(Span<int> row, ReadOnlySpan<short> values)
    {
        for (var t = 0; t < T; t++)
        {
            row[t] += values[t];
        }
    }
}
