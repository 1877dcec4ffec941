using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsEvents.Extraction.Linking;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Quotes;

namespace NewsEvents.Cli;

/// <summary>Looking at and timing the quote stage.</summary>
internal static class QuoteCommands
{
    /// <summary>Prints the quotes of a text file, or of articles of an ndjson corpus (--corpus, --skip, --limit).</summary>
    public static async Task<int> PrintAsync(Options options)
    {
        var articles = options.Get("corpus") is { } corpus
            ? await ReadCorpusAsync(corpus, options.GetInt("skip", 0), options.GetInt("limit", 10))
            : [(options.Get("title"), options.Positional.Count > 0 ? await File.ReadAllTextAsync(options.Positional[0]) : await Console.In.ReadToEndAsync())];
        var index = options.GetInt("skip", 0);
        foreach (var (title, body) in articles)
        {
            var result = ArticleExtractor.Default.Extract(title, body, null);
            if (result.Quotes.Count == 0 && articles.Count > 1)
            {
                index++;
                continue;
            }
            Console.WriteLine(Invariant($"## article {index++}: {title}"));
            foreach (var quote in result.Quotes)
            {
                var speaker = quote.Speaker is { } s ? $"{result.Entities[s].Name} ({result.Entities[s].Type})" : "-";
                var text = quote.Text.ReplaceLineEndings(" ");
                Console.WriteLine(Invariant(
                    $"{(quote.IsDirect ? "direct" : "reported")}\t{quote.Span.Field} {quote.Span.Start}-{quote.Span.End}\t{speaker}\t{quote.Cue ?? "-"}\t{(text.Length > 110 ? text[..110] + "…" : text)}"));
            }
        }
        return 0;
    }

    /// <summary>Times the quote stage alone over analysed article bodies (tokens, sentences, names and entities made first).</summary>
    public static async Task<int> BenchmarkAsync(Options options)
    {
        var corpus = options.Get("corpus") ?? Path.Combine("..", "shared", "data", "corpus", "reuters21578.ndjson");
        var articles = await ReadCorpusAsync(corpus, 0, options.GetInt("limit", int.MaxValue));
        var analyzed = new List<(AnalyzedArticle Article, List<ExtractedEntity> Entities)>(articles.Count);
        var clock = Stopwatch.StartNew();
        foreach (var (_, body) in articles)
        {
            var article = new AnalyzedArticle(
                AnalyzedField.Analyze(TextField.Title, "", NerTagger.Default),
                AnalyzedField.Analyze(TextField.Body, body, NerTagger.Default),
                null);
            analyzed.Add((article, EntityLinker.Link(article)));
        }
        var earlier = clock.Elapsed.TotalSeconds;
        var bytes = articles.Sum(a => (long)Encoding.UTF8.GetByteCount(a.Body));
        foreach (var (article, entities) in analyzed.Take(300))
        {
            QuoteExtractor.Extract(article, entities);
        }

        var passes = options.GetInt("passes", 3);
        var times = new List<double>();
        long direct = 0, reported = 0, attributed = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            direct = reported = attributed = 0;
            clock.Restart();
            foreach (var (article, entities) in analyzed)
            {
                foreach (var quote in QuoteExtractor.Extract(article, entities))
                {
                    direct += quote.IsDirect ? 1 : 0;
                    reported += quote.IsDirect ? 0 : 1;
                    attributed += quote.Speaker is null ? 0 : 1;
                }
            }
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine(Invariant($"{corpus}: {articles.Count} article bodies, {bytes / 1e6:F1} MB (UTF-8), one thread, {passes} passes"));
        Console.WriteLine(Invariant($"earlier stages (tokens, sentences, names, entities) once: {earlier:F2}s, {bytes / 1e6 / earlier:F2} MB/s"));
        Console.WriteLine(Invariant(
            $"quote stage alone, best pass {times[0]:F3}s: {bytes / 1e6 / times[0]:F1} MB/s, {articles.Count / times[0]:F0} articles/s; median {bytes / 1e6 / times[times.Count / 2]:F1} MB/s"));
        Console.WriteLine(Invariant($"{direct} direct and {reported} reported quotes a pass, {attributed} with a named speaker"));
        return 0;
    }

    private static async Task<List<(string? Title, string Body)>> ReadCorpusAsync(string path, int skip, int limit)
    {
        var articles = new List<(string?, string)>();
        var index = 0;
        foreach (var line in await File.ReadAllLinesAsync(path))
        {
            if (index++ < skip)
            {
                continue;
            }
            if (articles.Count >= limit)
            {
                break;
            }
            using var json = JsonDocument.Parse(line);
            var title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            if (json.RootElement.TryGetProperty("body", out var body) && body.GetString() is { Length: > 0 } text)
            {
                articles.Add((title, text));
            }
        }
        return articles;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
