using System.Diagnostics;
using System.Globalization;
using NewsEvents.Extraction.Evaluation;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Ner.Training;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Cli;

/// <summary>
/// Scores the whole extractor: entity mentions on CoNLL files (beside the tagger alone), and entities, links, quote
/// speakers and events on the repository's gold texts, each measure against its recorded floor.
/// </summary>
internal static class EvaluateCommand
{
    public const string DefaultGoldFolder = "tests/NewsEvents.Extraction.Tests/Gold";

    public static int Run(Options options)
    {
        var extractor = ArticleExtractor.Default;
        foreach (var path in options.Positional)
        {
            var documents = ConllReader.ReadFile(path);
            var clock = Stopwatch.StartNew();
            var score = ConllExtractorEvaluation.Evaluate(extractor, documents);
            var seconds = clock.Elapsed.TotalSeconds;
            var tagger = NerEvaluation.Evaluate(NerTagger.Default, documents);
            Console.WriteLine(Invariant($"{path}: {documents.Count} documents, {documents.Sum(d => d.Sentences.Sum(s => s.Tokens.Count))} tokens; whole extractor ({seconds:F1}s), groups and other as MISC:"));
            Console.Write(score.Format());
            Console.WriteLine(Invariant($"the tagger alone: micro F1 {tagger.Micro.F1:P2} (P {tagger.Micro.Precision:P2}, R {tagger.Micro.Recall:P2})"));
            Console.WriteLine();
        }

        var folder = options.Get("gold") ?? DefaultGoldFolder;
        if (options.Has("no-gold"))
        {
            return 0;
        }
        var texts = GoldText.LoadFolder(folder);
        var floors = File.Exists(Path.Combine(folder, GoldFloors.FileName)) ? GoldFloors.Load(folder) : [];
        var scores = texts.Select(text => GoldEvaluation.Evaluate(extractor, text)).ToList();
        var failed = 0;
        foreach (var score in scores)
        {
            Console.WriteLine($"## {folder}/{score.Name}");
            Print(score, options.Has("details"));
            foreach (var check in GoldFloors.Check(score, floors))
            {
                failed += check.Holds ? 0 : 1;
                Console.WriteLine(Invariant($"  {check.Measure,-20} {check.Value,7:P1}  floor {check.Floor,7:P1}{(check.Holds ? "" : "  BELOW FLOOR")}"));
            }
            Console.WriteLine();
        }
        PrintTotals(scores);
        if (options.Has("record-floors"))
        {
            GoldFloors.Save(folder, scores);
            Console.WriteLine($"wrote the scores above, rounded down, to {Path.Combine(folder, GoldFloors.FileName)}");
            return 0;
        }
        if (failed > 0)
        {
            Console.WriteLine($"{failed} measure(s) below their floor");
        }
        return failed > 0 ? 1 : 0;
    }

    private static void Print(GoldScore score, bool details)
    {
        if (score.Entities is { } entities)
        {
            Console.WriteLine(Invariant($"entity mentions (exact span and type); linked right {entities.Linked}/{entities.Gold} = {entities.LinkAccuracy:P1}"));
            Console.Write(entities.Mentions.Format());
            PrintDetails(details, entities.Misses.Concat(entities.WrongLinks));
        }
        if (score.Quotes is { } quotes)
        {
            Console.WriteLine(Invariant(
                $"quotes: {quotes.Matched}/{quotes.Gold} found, speaker and directness right {quotes.Right}/{quotes.Gold} = {quotes.SpeakerAccuracy:P1}; {quotes.Spurious} of {quotes.Extracted} extracted not in the gold"));
            PrintDetails(details, quotes.Misses);
        }
        if (score.Events is { } events)
        {
            Console.WriteLine(Invariant(
                $"events: precision {events.Right}/{events.Extracted} = {events.Precision:P1}, recall {events.Found}/{events.Gold} = {events.Recall:P1}, modality right {events.ModalityRight}/{events.Right}"));
            PrintDetails(details, events.Misses);
        }
    }

    private static void PrintDetails(bool details, IEnumerable<string> lines)
    {
        if (details)
        {
            foreach (var line in lines)
            {
                Console.WriteLine("    " + line);
            }
        }
    }

    /// <summary>Entity mentions, quotes and events of all gold texts together (counts summed, then scored).</summary>
    private static void PrintTotals(List<GoldScore> scores)
    {
        var entities = scores.Select(s => s.Entities).OfType<EntityEvaluation>().ToList();
        if (entities.Count > 0)
        {
            var types = entities[0].Mentions.Types.Append(entities[0].Mentions.Micro).Select(t => t.Type).ToList();
            var summed = types.Select(type => entities.Select(e => e.Mentions.Types.Append(e.Mentions.Micro).Single(t => t.Type == type))
                .Aggregate((a, b) => new TypeScore(type, a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives))).ToList();
            Console.WriteLine(Invariant($"## all gold texts: entity mentions; linked right {entities.Sum(e => e.Linked)}/{entities.Sum(e => e.Gold)}"));
            Console.Write(new NerScore(summed[..^1], summed[^1]).Format());
        }
        var quotes = scores.Select(s => s.Quotes).OfType<QuoteEvaluation>().ToList();
        var events = scores.Select(s => s.Events).OfType<EventEvaluation>().ToList();
        Console.WriteLine(Invariant(
            $"quote speakers right {quotes.Sum(q => q.Right)}/{quotes.Sum(q => q.Gold)}; events right {events.Sum(e => e.Right)}/{events.Sum(e => e.Extracted)} extracted, {events.Sum(e => e.Found)}/{events.Sum(e => e.Gold)} gold found"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
