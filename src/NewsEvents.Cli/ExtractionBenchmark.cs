using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using NewsEvents.Core.Articles;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Tokenization;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// Throughput of the whole extractor (tagger, linker, quotes, events, tone, key phrases) over an ndjson corpus, on one
/// thread and on N, beside the baseline of tokenising and sentence-splitting the same text in the same run, with the
/// time of each stage.
/// </summary>
internal static class ExtractionBenchmark
{
    private const double TargetMegabytesPerCoreSecond = 2.0;

    public static int Run(Options options)
    {
        var paths = options.GetAll("corpus") is { Count: > 0 } given ? given : [Path.GetDirectoryName(Corpus.DefaultPath)!];
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*.ndjson").Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]).ToList();
        var articles = files.SelectMany(Corpus.Read).Take(options.GetInt("limit", int.MaxValue)).ToList();
        if (articles.Count == 0)
        {
            throw new ArgumentException($"no articles in {string.Join(", ", files)}");
        }
        var threads = options.GetInt("threads", Environment.ProcessorCount);
        // The best of two passes by default: during the first, the JIT is still compiling the hot paths again, optimised.
        var passes = options.GetInt("passes", 2);
        var megabytes = articles.Sum(a => (long)Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Body)) / 1e6;
        Console.WriteLine(Invariant($"{string.Join(", ", files)}: {articles.Count} articles, {megabytes:F1} MB of title and body text (UTF-8)"));
        Console.WriteLine(Invariant($"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average before: {LoadAverage()}"));

        // Loads the model and the gazetteers and lets the JIT settle before anything is timed.
        foreach (var article in articles.Take(300))
        {
            ArticleExtractor.Default.Extract(article.Title, article.Body, article.PublishedAt);
        }

        var baseline = Best(passes, () => Time(1, articles, article =>
        {
            SentenceSplitter.Split(article.Title, Tokenizer.Tokenize(article.Title));
            SentenceSplitter.Split(article.Body, Tokenizer.Tokenize(article.Body));
        }));
        Print("baseline: tokens and sentences alone, 1 thread", baseline, megabytes, articles.Count, 1);

        var stages = new StageTimings();
        var single = Best(passes, () => Time(1, articles, article => ArticleExtractor.Default.Extract(article.Title, article.Body, article.PublishedAt, stages)));
        Print("whole extractor, 1 thread", single, megabytes, articles.Count, 1);
        Console.WriteLine(Invariant($"  {single.Wall / baseline.Wall:F1}x the baseline's time"));

        var parallel = Best(passes, () => Time(threads, articles, article => ArticleExtractor.Default.Extract(article.Title, article.Body, article.PublishedAt)));
        Print(Invariant($"whole extractor, {threads} threads"), parallel, megabytes, articles.Count, threads);
        Console.WriteLine(Invariant($"  {single.Wall / parallel.Wall:F2}x the speed of 1 thread"));

        // The stages' shares of the wall clock, applied to the processor time: on a busy machine the wall clock of each
        // stage is stretched alike, the processor time is not.
        var total = Enum.GetValues<ExtractionStage>().Sum(stage => stages[stage].TotalSeconds);
        Console.WriteLine(Invariant($"stages on 1 thread ({passes} pass{(passes == 1 ? "" : "es")} summed; share of the time, and MB per CPU-second that stage alone would run at):"));
        foreach (var stage in Enum.GetValues<ExtractionStage>())
        {
            var share = stages[stage].TotalSeconds / total;
            Console.WriteLine(Invariant($"  {stage,-10} {stages[stage].TotalSeconds,7:F2}s {share,6:P1}  {megabytes / (share * single.Cpu),8:F2} MB per CPU-second"));
        }
        // Per core, by processor time: what a core gives when it is not shared; the wall clock says what this run got.
        var perCpuSecond = megabytes / parallel.Cpu;
        Console.WriteLine(Invariant(
            $"target {TargetMegabytesPerCoreSecond:F1} MB/s per core: {(perCpuSecond >= TargetMegabytesPerCoreSecond ? "met" : "not met")} ({perCpuSecond:F2} MB per CPU-second on {threads} threads; {megabytes / parallel.Wall / threads:F2} MB/s per core by the wall clock)"));
        return 0;
    }

    /// <summary>Wall-clock and processor seconds of one pass.</summary>
    private readonly record struct Timing(double Wall, double Cpu);

    private static Timing Time(int threads, List<NewArticle> articles, Action<NewArticle> work)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        if (threads == 1)
        {
            articles.ForEach(work);
        }
        else
        {
            Parallel.ForEach(articles, new ParallelOptions { MaxDegreeOfParallelism = threads }, work);
        }
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static Timing Best(int passes, Func<Timing> pass) =>
        Enumerable.Range(0, passes).Select(_ => pass()).MinBy(t => t.Wall);

    private static void Print(string what, Timing timing, double megabytes, int articles, int threads) =>
        Console.WriteLine(Invariant(
            $"{what}: {timing.Wall:F2}s, {megabytes / timing.Wall:F2} MB/s, {megabytes / timing.Wall / threads:F2} MB/s per core, {articles / timing.Wall:F0} articles/s; processor time {timing.Cpu:F2}s ({megabytes / timing.Cpu:F2} MB per CPU-second)"));

    // On a shared machine the wall clock counts time spent waiting for a core: say what else was running.
    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : RuntimeInformation.ProcessArchitecture.ToString();
}
