using System.Diagnostics;
using System.Globalization;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner.Training;

/// <summary>A training corpus: its documents, how many times to show them per epoch, and whether MISC is unannotated in it.</summary>
/// <remarks>
/// <paramref name="MiscUnannotated"/>: the corpus has no MISC class, so any O token may be MISC.
/// <paramref name="SilverOutside"/>: the annotation is silver and leaves many names untagged (events, religions, "World Cup"),
/// so a capitalised O token inside a sentence may be MISC.
/// </remarks>
public sealed record TrainingCorpus(string Name, IReadOnlyList<ConllDocument> Documents, int Repeat = 1, bool MiscUnannotated = false, bool SilverOutside = false);

public sealed record NerTrainingOptions
{
    public int Epochs { get; init; } = 3;

    /// <summary>
    /// Independent training runs (each with its own shuffles) whose averaged weights are averaged again: one run's
    /// score moves by about ±0.5 F1 with the seed; the mean of several moves less.
    /// </summary>
    public int Runs { get; init; } = 5;

    public int Seed { get; init; } = 20240901;

    /// <summary>Features seen fewer times than this in the training data are dropped before training.</summary>
    public int MinFeatureCount { get; init; } = 1;

    /// <summary>Words seen fewer times than this stay out of the casing lexicon.</summary>
    public int MinCasingCount { get; init; } = 2;

    /// <summary>Share of documents whose first sentence is upper-cased, to learn upper-case headlines.</summary>
    public double UpperHeadlineRate { get; init; } = 0.3;

    /// <summary>Share of documents whose first sentence is put in title case.</summary>
    public double TitleHeadlineRate { get; init; } = 0.1;

    /// <summary>
    /// Probability of hiding a token's word features (its form and lower-case form) in one training pass, so that the
    /// model also learns to name a word it has never seen from its shape, context and the gazetteers ("word dropout").
    /// </summary>
    public double WordDropout { get; init; } = 0.2;

    /// <summary>Features whose largest averaged weight (in absolute value) is below this are pruned from the saved model.</summary>
    public float PruneThreshold { get; init; } = 1f;
}

/// <summary>
/// Trains the tagger's averaged structured perceptron (Collins 2002): for each sentence, Viterbi-decode with the current
/// weights and, where the best sequence differs from the gold one, add the gold features' weights and subtract the
/// predicted ones; the saved weights are the average over all updates. Sentences of corpora without MISC annotation
/// count as partially labelled: their O tokens may also be MISC, and the "gold" sequence is the best one that agrees
/// with the annotation. Deterministic for a given seed.
/// </summary>
public sealed class NerTrainer(NerTrainingOptions options, Action<string> log)
{
    private const int T = BioTags.Count;

    public NerModel Train(IReadOnlyList<TrainingCorpus> corpora, Func<NerTagger, int, string>? evaluateEpoch = null)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);

        // 1. Documents as the tagger sees text, with simulated headlines.
        var documents = new List<(AlignedDocument Doc, TrainingCorpus Corpus)>();
        foreach (var corpus in corpora)
        {
            foreach (var document in corpus.Documents)
            {
                documents.Add((AlignedDocument.Create(Augment(document, random)), corpus));
            }
        }
        log(string.Create(CultureInfo.InvariantCulture, $"{documents.Count} documents, {documents.Sum(d => d.Doc.Tokens.Count)} tokens ({clock.Elapsed.TotalSeconds:F1}s)"));

        var casing = CasingLexicon.Build(documents.Select(d => (d.Doc.Text, d.Doc.Tokens, d.Doc.Sentences)), options.MinCasingCount);
        var extractor = new FeatureExtractor(Gazetteer.Default, casing);
        var nameWords = NameWords.Learn(documents.Where(d => !d.Corpus.MiscUnannotated)
            .Select(d => (d.Doc.Tokens, d.Doc.Tokens.Select(t => t.GetText(d.Doc.Text)).ToArray(), d.Doc.TokenTags)));
        log(string.Create(CultureInfo.InvariantCulture, $"closed-class words allowed in names: {nameWords.Begin.Count} first, {nameWords.Inside.Count} inside"));
        log(string.Create(CultureInfo.InvariantCulture, $"casing lexicon {casing.Count} words, gazetteer {Gazetteer.Default.PhraseCount} phrases"));

        // 2. Features of every token, interned.
        var ids = new Dictionary<ulong, int>();
        var hashes = new List<ulong>();
        var counts = new List<int>();
        var sentences = new List<TrainingSentence>();
        Span<ulong> buffer = stackalloc ulong[FeatureExtractor.MaxFeaturesPerToken];
        foreach (var (doc, corpus) in documents)
        {
            var view = extractor.Prepare(doc.Text, doc.Tokens, doc.Sentences);
            foreach (var sentence in doc.Sentences)
            {
                var n = sentence.TokenCount;
                var offsets = new int[n + 1];
                var features = new List<int>(n * 40);
                for (var k = 0; k < n; k++)
                {
                    var count = FeatureExtractor.Extract(view, sentence, sentence.TokenStart + k, buffer);
                    for (var f = 0; f < count; f++)
                    {
                        if (!ids.TryGetValue(buffer[f], out var id))
                        {
                            ids[buffer[f]] = id = hashes.Count;
                            hashes.Add(buffer[f]);
                            counts.Add(0);
                        }
                        counts[id]++;
                        features.Add(id);
                    }
                    offsets[k + 1] = features.Count;
                }
                var gold = doc.TokenTags.AsSpan(sentence.TokenStart, n).ToArray();
                var allowed = corpus.MiscUnannotated || corpus.SilverOutside ? Allowed(doc, view, sentence, gold, corpus) : null;
                for (var r = 0; r < corpus.Repeat; r++)
                {
                    sentences.Add(new TrainingSentence([.. features], offsets, gold, allowed));
                }
            }
        }

        // Rare features go: rows are renumbered over the kept ones.
        var remap = new int[hashes.Count];
        var keptHashes = new List<ulong>();
        for (var id = 0; id < hashes.Count; id++)
        {
            remap[id] = counts[id] >= options.MinFeatureCount ? keptHashes.Count : -1;
            if (remap[id] >= 0)
            {
                keptHashes.Add(hashes[id]);
            }
        }
        foreach (var sentence in sentences.DistinctBy(s => s.Features))
        {
            for (var f = 0; f < sentence.Features.Length; f++)
            {
                sentence.Features[f] = remap[sentence.Features[f]];
            }
        }
        log(string.Create(CultureInfo.InvariantCulture,
            $"{sentences.Count} sentences, {hashes.Count} features, {keptHashes.Count} seen at least {options.MinFeatureCount} times ({clock.Elapsed.TotalSeconds:F1}s)"));

        // 3. Averaged perceptron.
        var featureCount = keptHashes.Count;
        var ensemble = new float[featureCount * T];
        var ensembleTransitions = new float[(T + 1) * T];
        var order = Enumerable.Range(0, sentences.Count).ToArray();
        var scores = new float[SentenceSplitter.MaxSentenceTokens * T];
        var predicted = new int[SentenceSplitter.MaxSentenceTokens];
        var target = new int[SentenceSplitter.MaxSentenceTokens];
        var dropped = new bool[SentenceSplitter.MaxSentenceTokens];
        for (var run = 1; run <= options.Runs; run++)
        {
            var weights = new float[featureCount * T];
            var totals = new double[featureCount * T];
            var transitions = new float[(T + 1) * T];
            var transitionTotals = new double[(T + 1) * T];
            var step = 1d;
            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                random.Shuffle(order);
                var mistakes = 0;
                foreach (var index in order)
                {
                    var sentence = sentences[index];
                    var n = sentence.Gold.Length;
                    var s = scores.AsSpan(0, n * T);
                    s.Clear();
                    for (var k = 0; k < n; k++)
                    {
                        dropped[k] = options.WordDropout > 0 && random.NextDouble() < options.WordDropout;
                        var row = s.Slice(k * T, T);
                        for (var f = sentence.Offsets[k]; f < sentence.Offsets[k + 1]; f++)
                        {
                            var id = sentence.Features[f];
                            if (id >= 0 && !(dropped[k] && IsWordFeature(sentence, k, f)))
                            {
                                var w = weights.AsSpan(id * T, T);
                                for (var t = 0; t < T; t++)
                                {
                                    row[t] += w[t];
                                }
                            }
                        }
                    }
                    Viterbi.Decode(s, n, transitions, predicted);
                    if (sentence.Allowed is null)
                    {
                        sentence.Gold.CopyTo(target, 0);
                    }
                    else
                    {
                        Viterbi.Decode(s, n, transitions, target, sentence.Allowed);
                    }

                    var wrong = false;
                    for (var k = 0; k < n; k++)
                    {
                        var gold = target[k];
                        var guess = predicted[k];
                        var previousGold = k == 0 ? T : target[k - 1];
                        var previousGuess = k == 0 ? T : predicted[k - 1];
                        if (gold != guess || previousGold != previousGuess)
                        {
                            Update(transitions, transitionTotals, previousGold * T + gold, 1, step);
                            Update(transitions, transitionTotals, previousGuess * T + guess, -1, step);
                        }
                        if (gold == guess)
                        {
                            continue;
                        }
                        wrong = true;
                        for (var f = sentence.Offsets[k]; f < sentence.Offsets[k + 1]; f++)
                        {
                            var id = sentence.Features[f];
                            if (id >= 0 && !(dropped[k] && IsWordFeature(sentence, k, f)))
                            {
                                Update(weights, totals, id * T + gold, 1, step);
                                Update(weights, totals, id * T + guess, -1, step);
                            }
                        }
                    }
                    mistakes += wrong ? 1 : 0;
                    step++;
                }

                var line = string.Create(CultureInfo.InvariantCulture,
                    $"run {run} epoch {epoch}: {mistakes} of {sentences.Count} sentences wrong ({(double)mistakes / sentences.Count:P1}), {clock.Elapsed.TotalSeconds:F0}s");
                if (evaluateEpoch is not null)
                {
                    // The ensemble so far: the finished runs and this one as it stands.
                    var (w, tr) = Averaged(weights, totals, transitions, transitionTotals, step);
                    Mix(w, ensemble, run);
                    Mix(tr, ensembleTransitions, run);
                    var model = BuildModel(keptHashes, w, tr, casing, nameWords, 0f);
                    line += " | " + evaluateEpoch(new NerTagger(model), epoch);
                }
                log(line);
            }
            var (runWeights, runTransitions) = Averaged(weights, totals, transitions, transitionTotals, step);
            Accumulate(ensemble, runWeights);
            Accumulate(ensembleTransitions, runTransitions);
        }
        Scale(ensemble, 1f / options.Runs);
        Scale(ensembleTransitions, 1f / options.Runs);

        var pruned = BuildModel(keptHashes, ensemble, ensembleTransitions, casing, nameWords, options.PruneThreshold);
        log(string.Create(CultureInfo.InvariantCulture,
            $"model: {pruned.FeatureCount} features after pruning at {options.PruneThreshold} (of {featureCount}); trained in {clock.Elapsed.TotalSeconds:F0}s"));
        return pruned;
    }

    /// <summary>Tags each token may take in a partially labelled sentence (bit masks over tag ids).</summary>
    private static ushort[] Allowed(AlignedDocument doc, DocumentView view, Sentence sentence, int[] gold, TrainingCorpus corpus)
    {
        const ushort miscOrOutside = 1 << BioTags.Outside | 1 << 7 | 1 << 8;
        var allowed = new ushort[gold.Length];
        for (var k = 0; k < gold.Length; k++)
        {
            var i = sentence.TokenStart + k;
            var open = gold[k] == BioTags.Outside && (corpus.MiscUnannotated
                || corpus.SilverOutside && (view.Flags[i] & 1) == 0 && doc.Tokens[i].Kind == TokenKind.Word && char.IsUpper(view.Forms[i][0]));
            allowed[k] = open ? miscOrOutside : (ushort)(1 << gold[k]);
        }
        return allowed;
    }

    /// <summary>The form and lower-case form features come second and third (after the bias) for every token.</summary>
    private static bool IsWordFeature(TrainingSentence sentence, int k, int f) =>
        f - sentence.Offsets[k] is FeatureExtractor.FormFeatureIndex or FeatureExtractor.LowerFeatureIndex;

    private static void Update(float[] weights, double[] totals, int index, int delta, double step)
    {
        weights[index] += delta;
        totals[index] += delta * step;
    }

    /// <summary>The averaged weights of a run: w − Σ c·Δ / c.</summary>
    private static (float[] Weights, float[] Transitions) Averaged(float[] weights, double[] totals, float[] transitions, double[] transitionTotals, double step)
    {
        var w = new float[weights.Length];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = weights[i] - (float)(totals[i] / step);
        }
        var tr = new float[transitions.Length];
        for (var i = 0; i < tr.Length; i++)
        {
            tr[i] = transitions[i] - (float)(transitionTotals[i] / step);
        }
        return (w, tr);
    }

    /// <summary>Turns <paramref name="current"/> into the mean of the <paramref name="run"/> − 1 runs summed in <paramref name="finished"/> and itself.</summary>
    private static void Mix(float[] current, float[] finished, int run)
    {
        for (var i = 0; i < current.Length; i++)
        {
            current[i] = (current[i] + finished[i]) / run;
        }
    }

    private static void Accumulate(float[] sum, float[] values)
    {
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] += values[i];
        }
    }

    private static void Scale(float[] values, float factor)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    /// <summary>A model of the features whose largest weight (in absolute value) exceeds <paramref name="threshold"/>.</summary>
    private static NerModel BuildModel(List<ulong> hashes, float[] weights, float[] transitions, CasingLexicon casing, NameWords nameWords, float threshold)
    {
        var rows = new List<int>();
        var magnitudes = new List<float>();
        for (var id = 0; id < hashes.Count; id++)
        {
            var max = 0f;
            for (var t = 0; t < T; t++)
            {
                max = Math.Max(max, Math.Abs(weights[id * T + t]));
            }
            if (max > threshold && max > 0)
            {
                rows.Add(id);
                magnitudes.Add(max);
            }
        }
        if (rows.Count > NerModel.MaxFeatures)
        {
            var cut = magnitudes.Order().ElementAt(rows.Count - NerModel.MaxFeatures);
            rows = [.. rows.Where((_, i) => magnitudes[i] > cut).Take(NerModel.MaxFeatures)];
        }
        var keys = new ulong[rows.Count];
        var kept = new float[rows.Count * T];
        for (var r = 0; r < rows.Count; r++)
        {
            keys[r] = hashes[rows[r]];
            weights.AsSpan(rows[r] * T, T).CopyTo(kept.AsSpan(r * T, T));
        }
        return new NerModel(keys, kept, (float[])transitions.Clone(), casing, nameWords);
    }

    /// <summary>Upper-cases or title-cases the first sentence of some documents, as headlines are.</summary>
    private ConllDocument Augment(ConllDocument document, Random random)
    {
        var roll = random.NextDouble();
        if (document.Sentences.Count < 2 || roll >= options.UpperHeadlineRate + options.TitleHeadlineRate)
        {
            return document;
        }
        var upper = roll < options.UpperHeadlineRate;
        var first = document.Sentences[0];
        var tokens = first.Tokens
            .Select(t => upper ? t.ToUpperInvariant() : t.Length > 3 && char.IsLower(t[0]) ? char.ToUpperInvariant(t[0]) + t[1..] : t)
            .ToArray();
        return new ConllDocument([new ConllSentence(tokens, first.Tags), .. document.Sentences.Skip(1)]);
    }

    private sealed record TrainingSentence(int[] Features, int[] Offsets, int[] Gold, ushort[]? Allowed);
}
