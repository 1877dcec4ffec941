using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Ner.Training;

namespace NewsEvents.Cli;

/// <summary>Training, evaluation and benchmark of the named-entity tagger.</summary>
internal static class NerCommands
{
    public static int Train(Options options)
    {
        var data = options.Required("data");
        var output = options.Required("out");
        var clock = Stopwatch.StartNew();
        var gmb = ConllReader.ReadFile(Path.Combine(data, "gmb_voa", "split", "train.conll"));
        if (options.Has("with-gmb-test"))
        {
            gmb.AddRange(ConllReader.ReadFile(Path.Combine(data, "gmb_voa", "split", "test.conll")));
        }
        if (!options.Has("no-clean"))
        {
            // GMB's labels are silver: bring them to CoNLL conventions (countries LOC, demonyms MISC, consistent types).
            (gmb, var changed) = SilverLabelCleaner.Clean(gmb);
            Console.WriteLine(Invariant($"gmb_voa: {changed} spans relabelled towards CoNLL conventions"));
        }
        var corpora = new List<TrainingCorpus>
        {
            // Silver: a capitalised word GMB left untagged may be an unannotated MISC ("World Cup", "Olympic").
            new("gmb_voa", gmb, SilverOutside: !options.Has("no-silver-outside")),
            Corpus("wikigold", Path.Combine(data, "wikigold", "wikigold.conll"), options.GetInt("wikigold-repeat", 2)),
        };
        if (!options.Has("no-uner"))
        {
            // Universal NER has no MISC class: its O tokens may be MISC (partial labels).
            foreach (var file in new[] { "ewt/dev.conll", "ewt/test.conll", "pud/test.conll" })
            {
                corpora.Add(Corpus("uner_en/" + file, Path.Combine(data, "uner_en", file), 1, miscUnannotated: true));
            }
        }
        var dev = ConllReader.ReadFile(Path.Combine(data, "gmb_voa", "split", "dev.conll"));
        if (!options.Has("no-clean"))
        {
            dev = SilverLabelCleaner.Clean(dev).Documents;
        }
        var extra = options.GetAll("eval").Select(path => (Path.GetFileName(path), ConllReader.ReadFile(path))).ToList();
        var trainingOptions = new NerTrainingOptions
        {
            Epochs = options.GetInt("epochs", new NerTrainingOptions().Epochs),
            Runs = options.GetInt("runs", new NerTrainingOptions().Runs),
            Seed = options.GetInt("seed", new NerTrainingOptions().Seed),
            PruneThreshold = (float)options.GetDouble("prune", new NerTrainingOptions().PruneThreshold),
            MinFeatureCount = options.GetInt("min-count", new NerTrainingOptions().MinFeatureCount),
            UpperHeadlineRate = options.GetDouble("upper-rate", new NerTrainingOptions().UpperHeadlineRate),
            TitleHeadlineRate = options.GetDouble("title-rate", new NerTrainingOptions().TitleHeadlineRate),
            WordDropout = options.GetDouble("word-dropout", new NerTrainingOptions().WordDropout),
        };
        foreach (var corpus in corpora)
        {
            Console.WriteLine(Invariant($"{corpus.Name}: {corpus.Documents.Sum(d => d.Sentences.Count)} sentences x{corpus.Repeat}{(corpus.MiscUnannotated ? " (no MISC: partial labels)" : "")}"));
        }
        Console.WriteLine($"options: {trainingOptions}");

        var trainer = new NerTrainer(trainingOptions, Console.WriteLine);
        var model = trainer.Train(corpora, (tagger, _) =>
        {
            var line = Invariant($"dev F1 {NerEvaluation.Evaluate(tagger, dev).Micro.F1:F4}");
            foreach (var (name, documents) in extra)
            {
                line += Invariant($", {name} F1 {NerEvaluation.Evaluate(tagger, documents).Micro.F1:F4}");
            }
            return line;
        });

        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        using (var file = File.Create(output))
        {
            model.Save(file);
        }
        // Score what was written: the quantised, pruned model as it ships.
        using var saved = File.OpenRead(output);
        var shipped = new NerTagger(NerModel.Load(saved));
        Console.WriteLine(Invariant($"wrote {output}: {new FileInfo(output).Length / 1024.0 / 1024.0:F2} MB, {model.FeatureCount} features; total {clock.Elapsed.TotalSeconds:F0}s"));
        Console.WriteLine("dev (gmb_voa/split/dev.conll), saved model:");
        Console.Write(NerEvaluation.Evaluate(shipped, dev).Format());
        foreach (var (name, documents) in extra)
        {
            Console.WriteLine($"{name}, saved model:");
            Console.Write(NerEvaluation.Evaluate(shipped, documents).Format());
        }
        return 0;
    }

    public static int Evaluate(Options options)
    {
        if (options.Positional.Count == 0)
        {
            throw new ArgumentException("evaluate-ner needs at least one CoNLL file");
        }
        var tagger = LoadTagger(options);
        var all = new List<ConllDocument>();
        foreach (var path in options.Positional)
        {
            var documents = ConllReader.ReadFile(path);
            all.AddRange(documents);
            var clock = Stopwatch.StartNew();
            var score = NerEvaluation.Evaluate(tagger, documents);
            Console.WriteLine(Invariant($"{path}: {documents.Count} documents, {documents.Sum(d => d.Sentences.Count)} sentences, {documents.Sum(d => d.Sentences.Sum(s => s.Tokens.Count))} tokens ({clock.Elapsed.TotalSeconds:F1}s)"));
            Console.Write(score.Format());
            Console.WriteLine();
        }
        if (options.Get("errors") is { } errorsPath)
        {
            WriteTokenTags(tagger, all, errorsPath);
        }
        if (options.Positional.Count > 1)
        {
            Console.WriteLine("all files:");
            Console.Write(NerEvaluation.Evaluate(tagger, all).Format());
        }
        return 0;
    }

    /// <summary>Writes "token gold predicted" lines (a blank line between sentences) for error analysis.</summary>
    private static void WriteTokenTags(NerTagger tagger, List<ConllDocument> documents, string path)
    {
        using var writer = new StreamWriter(path);
        foreach (var document in documents)
        {
            var aligned = AlignedDocument.Create(document);
            var predicted = aligned.ProjectSpans(tagger.Tag(aligned.Text));
            for (var s = 0; s + 1 < aligned.GoldSentenceStarts.Count; s++)
            {
                for (var g = aligned.GoldSentenceStarts[s]; g < aligned.GoldSentenceStarts[s + 1]; g++)
                {
                    var (start, end) = aligned.GoldTokens[g];
                    writer.WriteLine($"{aligned.Text[start..end]} {BioTags.Name(aligned.GoldTags[g])} {BioTags.Name(predicted[g])}");
                }
                writer.WriteLine();
            }
            writer.WriteLine("-DOCSTART- O O");
            writer.WriteLine();
        }
    }

    public static async Task<int> BenchmarkAsync(Options options)
    {
        var corpus = options.Get("corpus") ?? Path.Combine("..", "shared", "data", "corpus", "reuters21578.ndjson");
        var limit = options.GetInt("limit", int.MaxValue);
        var bodies = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(corpus))
        {
            if (bodies.Count >= limit)
            {
                break;
            }
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("body", out var body) && body.GetString() is { Length: > 0 } text)
            {
                bodies.Add(text);
            }
        }
        var tagger = LoadTagger(options);
        foreach (var text in bodies.Take(300))
        {
            tagger.Tag(text);
        }

        var bytes = bodies.Sum(b => (long)Encoding.UTF8.GetByteCount(b));
        var passes = options.GetInt("passes", 3);
        var times = new List<(double Wall, double Cpu)>();
        long entities = 0;
        using var process = Process.GetCurrentProcess();
        for (var pass = 0; pass < passes; pass++)
        {
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            entities = 0;
            foreach (var text in bodies)
            {
                entities += tagger.Tag(text).Count;
            }
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            times.Add((wall, (process.TotalProcessorTime - cpu).TotalSeconds));
        }
        var byWall = times.Select(t => t.Wall).Order().ToList();
        var byCpu = times.Select(t => t.Cpu).Order().ToList();
        var best = byWall[0];
        var median = byWall[byWall.Count / 2];
        Console.WriteLine(Invariant($"{corpus}: {bodies.Count} article bodies, {bytes / 1e6:F1} MB (UTF-8), one thread, {passes} passes"));
        Console.WriteLine(Invariant($"best pass {best:F2}s: {bytes / 1e6 / best:F2} MB/s, {bodies.Count / best:F0} articles/s; median pass {bytes / 1e6 / median:F2} MB/s; {entities} entities a pass"));
        // On a shared machine the wall clock counts time the thread waited for a core; processor time does not.
        Console.WriteLine(Invariant($"processor time: best pass {byCpu[0]:F2}s, {bytes / 1e6 / byCpu[0]:F2} MB per CPU-second; median {bytes / 1e6 / byCpu[byCpu.Count / 2]:F2}"));
        if (options.Get("spans") is { } spansPath)
        {
            // Every entity found, one a line, to check that a change to the tagger leaves its output alone.
            await using var writer = new StreamWriter(spansPath);
            for (var a = 0; a < bodies.Count; a++)
            {
                foreach (var span in tagger.Tag(bodies[a]))
                {
                    await writer.WriteLineAsync(Invariant($"{a}\t{span.Start}\t{span.End}\t{BioTags.ConllName(span.Type)}"));
                }
            }
        }
        return 0;
    }

    public static async Task<int> TagAsync(Options options)
    {
        var text = options.Positional.Count > 0 ? await File.ReadAllTextAsync(options.Positional[0]) : await Console.In.ReadToEndAsync();
        foreach (var span in LoadTagger(options).Tag(text))
        {
            Console.WriteLine(Invariant($"{span.Start}\t{span.End}\t{BioTags.ConllName(span.Type)}\t{span.Text}"));
        }
        return 0;
    }

    private static NerTagger LoadTagger(Options options)
    {
        if (options.Get("model") is not { } path)
        {
            return options.Has("no-consistency") || options.Has("no-results-tables")
                ? new NerTagger(NerTagger.Default.Model)
                {
                    UseDocumentConsistency = !options.Has("no-consistency"),
                    UseResultsTables = !options.Has("no-results-tables"),
                }
                : NerTagger.Default;
        }
        using var stream = File.OpenRead(path);
        return new NerTagger(NerModel.Load(stream))
        {
            UseDocumentConsistency = !options.Has("no-consistency"),
            UseResultsTables = !options.Has("no-results-tables"),
        };
    }

    private static TrainingCorpus Corpus(string name, string path, int repeat = 1, bool miscUnannotated = false) =>
        new(name, ConllReader.ReadFile(path), repeat, miscUnannotated);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
