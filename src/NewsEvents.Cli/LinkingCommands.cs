using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NewsEvents.Extraction.Linking;
using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Cli;

/// <summary>Prints the linked entities of a text, and times the linker apart from the tagger.</summary>
internal static class LinkingCommands
{
    public static async Task<int> EntitiesAsync(Options options)
    {
        var text = options.Positional.Count > 0 ? await File.ReadAllTextAsync(options.Positional[0]) : await Console.In.ReadToEndAsync();
        // A first line followed by a blank line is the title, as in the sample article.
        string? title = null;
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (!options.Has("no-title") && split > 0 && split < 300)
        {
            title = text[..split];
            text = text[(split + 2)..];
        }
        var result = ArticleExtractor.Default.Extract(title, text, null);
        foreach (var entity in result.Entities)
        {
            var place = entity.Latitude is { } lat ? Invariant($" @{lat:F2},{entity.Longitude:F2}") : "";
            Console.WriteLine($"{entity.Name} | {entity.Type}{(entity.Kind is { } kind ? "/" + kind : "")} | {entity.Key}{(entity.CountryCode is { } cc ? " | " + cc : "")}{place}"
                + (entity.PartOfKey is { } part ? $" | partOf {part}" : "")
                + (entity.Titles.Count > 0 ? " | titles: " + string.Join("; ", entity.Titles) : ""));
            Console.WriteLine("    " + string.Join(", ", entity.Mentions.Select(m => $"{m.Text}@{(m.Span.Field == TextField.Title ? "t" : "")}{m.Span.Start}"))
                + (entity.Aliases.Count > 0 ? "  aliases: " + string.Join(", ", entity.Aliases.Select(a => a.Key is null ? a.Name : $"{a.Name}={a.Key}")) : ""));
        }
        return 0;
    }

    public static async Task<int> BenchmarkAsync(Options options)
    {
        var corpus = options.Get("corpus") ?? Path.Combine("..", "shared", "data", "corpus", "reuters21578.ndjson");
        var limit = options.GetInt("limit", int.MaxValue);
        var articles = new List<(string Title, string Body)>();
        foreach (var line in await File.ReadAllLinesAsync(corpus))
        {
            if (articles.Count >= limit)
            {
                break;
            }
            using var json = JsonDocument.Parse(line);
            var body = json.RootElement.TryGetProperty("body", out var b) ? b.GetString() ?? "" : "";
            var title = json.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            if (body.Length > 0 || title.Length > 0)
            {
                articles.Add((title, body));
            }
        }
        var bytes = articles.Sum(a => (long)Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Body));
        var clock = Stopwatch.StartNew();
        var analyzed = articles.Select(a => new AnalyzedArticle(
            AnalyzedField.Analyze(TextField.Title, a.Title, NerTagger.Default),
            AnalyzedField.Analyze(TextField.Body, a.Body, NerTagger.Default), null)).ToList();
        var tagging = clock.Elapsed.TotalSeconds;
        EntityLinker.Link(analyzed[0]); // load the gazetteers outside the timing
        var passes = options.GetInt("passes", 3);
        var best = double.MaxValue;
        long entities = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            clock.Restart();
            entities = 0;
            foreach (var article in analyzed)
            {
                entities += EntityLinker.Link(article).Count;
            }
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(Invariant($"{corpus}: {articles.Count} articles, {bytes / 1e6:F1} MB (UTF-8), one thread"));
        Console.WriteLine(Invariant($"tokenize + split + tag: {tagging:F2}s, {bytes / 1e6 / tagging:F2} MB/s"));
        Console.WriteLine(Invariant($"linking alone (best of {passes}): {best:F2}s, {bytes / 1e6 / best:F2} MB/s, {entities} entities"));
        Console.WriteLine(Invariant($"together: {bytes / 1e6 / (tagging + best):F2} MB/s"));
        if (options.GetInt("report", 0) is var top and > 0)
        {
            // What the mentions became, most frequent first: to look for wrong resolutions across a whole corpus.
            var resolved = analyzed.SelectMany(EntityLinker.Link)
                .SelectMany(e => e.Mentions.Select(m => (Form: m.Text, What: $"{e.Type}{(e.Kind is { } k ? "/" + k : "")} {e.Name} [{e.Key}]")))
                .GroupBy(x => x.What).Select(g => (g.Key, Count: g.Count(), Forms: string.Join(", ", g.Select(x => x.Form).Distinct().Take(6))))
                .OrderByDescending(x => x.Count).ToList();
            foreach (var (what, count, forms) in resolved.Where(x => options.Get("grep") is not { } grep || x.Key.Contains(grep, StringComparison.Ordinal)).Take(top))
            {
                Console.WriteLine(Invariant($"{count,7} {what}  <- {forms}"));
            }
        }
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
