using System.Globalization;

namespace NewsEvents.Cli;

/// <summary>Dispatches `newsevents COMMAND [options]` to a command.</summary>
internal static class CommandLine
{
    private const string Usage = """
        usage: newsevents COMMAND [options]

          train-ner --data DIR --out FILE [--epochs N] [--runs N] [--seed N] [--eval FILE.conll ...]
              Trains the NER tagger on DIR (the ner-train folder: gmb_voa, wikigold, uner_en) with a fixed seed,
              printing the F1 on gmb_voa/split/dev.conll (and on each --eval file) after every epoch, and writes the
              model to FILE. Further options: --prune X, --min-count N, --word-dropout P, --upper-rate P,
              --title-rate P, --wikigold-repeat N, --no-uner, --no-clean, --no-silver-outside, --with-gmb-test.
          evaluate [FILE.conll ...] [--gold DIR] [--no-gold] [--details] [--record-floors]
              Scores the whole extractor: entity mentions on CoNLL files (exact span and type, per type and micro; groups
              and other named things count as MISC), beside the tagger alone; then on the gold texts of DIR (default
              tests/NewsEvents.Extraction.Tests/Gold) entity mentions per type, links, quote speakers and events, each
              measure against its floor in DIR/floors.json (exit code 1 when one is below). --details lists the misses;
              --record-floors writes the scores measured, rounded down to 0.01, as the new floors.
          evaluate-ner FILE.conll [FILE2.conll ...] [--model FILE] [--errors OUT.txt]
              Tags the text of CoNLL files (IOB1 with -DOCSTART- or IOB2 token TAB tag), tokens joined by spaces and
              sentences by line breaks, and prints precision, recall and F1 per type and micro-averaged (exact span
              and type). --errors writes "token gold predicted" lines; --no-consistency and --no-results-tables turn
              off the document passes to measure them.
          benchmark-ner [--corpus FILE.ndjson] [--limit N] [--passes N] [--model FILE] [--spans OUT.tsv]
              Tags the article bodies of an ndjson corpus on one thread and prints MB/s and articles/s, by the wall
              clock and per second of processor time. --spans writes every entity found (article, start, end, type).
          benchmark-extraction [--corpus FILE.ndjson|DIR ...] [--limit N] [--threads N] [--passes N]
              Runs the whole extractor over the articles of the corpus (default: every ndjson file of
              ../shared/data/corpus) on one thread and on N (default: the number of cores), and prints MB/s per core and
              articles/s beside the baseline of tokenising the same text, with the time of each stage; each run is the
              best of N passes (default 2).
          benchmark-ingest [--corpus FILE.ndjson] [--articles N] [--workers N] [--processes N,N [--api FILE.dll]]
              Queues N articles (default 2000) in a throwaway PostgreSQL cluster and times the workers taking them
              from queued to processed, beside the same processing done alone in memory on one thread and raw
              binary COPY of the rows processing stored into a fresh database; prints pass/short against the
              targets (1,000 articles/s, 0.3 × COPY). --processes 1,2,4 then processes a fresh copy of the same
              queue with each count of separate API processes (the built API, or --api), one ingestion worker
              each, and prints articles/s with the ratio to the first count, and whether every article was
              processed exactly once (exit code 1 if not).
          benchmark-ingest --import [--corpus FILE.ndjson] [--articles N] [--batch N]
              Times bulk acceptance of the corpus's distinct articles (default all) in chunks of N (default 500):
              the batch endpoint over HTTP (as `import` sends it) and the ingestor without HTTP, beside raw binary
              COPY of the same rows into the same table, and COPY through a staging table, in a throwaway cluster.
          import FILE.ndjson [--url URL] [--batch N] [--key KEY]
              Sends FILE (one article a line: title, body, published_at, source, url, author, language) to the
              service's POST /api/v1/articles/batch (default http://localhost:5080), N lines a request (default 500),
              with a progress bar on stderr, then prints how many were accepted, duplicate and rejected. Ctrl+C stops;
              running it again finishes the import (stored articles come back as duplicates). The batch endpoint needs
              a key with the write scope: --key, or the NEWSEVENTS_API_KEY environment variable.
          keys create --name NAME --scopes read|write|admin[,...] [--connection STRING]
          keys list [--connection STRING]
          keys revoke ID [--connection STRING]
              Manages API keys straight in the database (--connection, or ConnectionStrings__NewsEvents): create prints
              the secret once (only its SHA-256 hash is stored); list shows every key without secrets; revoke refuses
              the key from the next request on. With an admin key, /api/v1/keys does the same over HTTP.
          generate-corpus [--articles N] [--sample N] [--corpus FILE.ndjson ...] [--sources N] [--seed N]
                          [--store DIR | --connection STRING] [--resume]
              Builds a derived store of N articles (default 100000) for scale benchmarks: runs a sample of the real
              corpora (default 2000 articles from every ndjson file beside the default corpus) through the real
              pipeline, then writes N articles joining the leading paragraphs of one sample article to the trailing
              paragraphs of another, with new dates (2019-2025) and sources named "derived · source NNN", carrying the
              extraction rows of the paragraphs kept, and recomputes the aggregates. The store is a local cluster in
              DIR (default /var/tmp/newsevents-derived-N), or the empty database of --connection. Articles are
              written 20,000 to a transaction; --resume carries an interrupted run on to N.
          benchmark-analyst [--articles N] [--store DIR | --connection STRING] [--url URL | --api FILE.dll]
                            [--concurrency N] [--requests N] [--seconds S]
              Against a generated store, starts the built API in its own process on a loopback port (or calls the one
              at --url) and prints p50/p95/p99 of each analyst endpoint over HTTP at concurrency N (default 4) beside
              the same Search/ call straight on PostgreSQL, then requests/s of an entity detail vs /health/live and
              the API's peak memory, each against issue 7's targets.
          benchmark-search [--articles N] [--store DIR | --connection STRING] [--index DIR] [--rebuild]
                           [--concurrency N] [--requests N] [--seconds S] [--candidates N,N] [--api PATH]
              Against a generated store (pending migrations applied, then read only), measures top-20 by relevance
              at concurrency N (default 4) for a fixed query set (rare term to "said", phrase, fielded filter, date
              range; match counts printed) under
              each design of issue 7: today's GIN + ts_rank_cd over every match (the baseline), ts_rank_cd over only
              the newest N matches (default 1000 and 5000), an in-process Lucene.Net index (BM25) with the page's
              rows then fetched from PostgreSQL, and the API over HTTP on a copy of that index (its own process;
              --api PATH names its dll), with what the API adds over the engine call (issue 7: at most 30%). The
              index is built from the store into DIR (default /var/tmp/newsevents-lucene-N; timed when built), and
              reused otherwise, brought up to date from the store's change log.
              Up to N queries a cell (default 100), or S seconds (default 15); prints p50/p95/p99 and ratios to the
              baseline, with the index size beside the GIN index's.
          benchmark-load [--seconds S] [--concurrency N] [--articles N] [--url URL [--key KEY] | --api FILE.dll]
              A bounded load run on loopback: starts the built API in its own process over a throwaway PostgreSQL
              cluster (or calls the one at --url), seeds N articles (default 500) through the batch endpoint, then for S
              seconds each (default 10) N callers (default 8) hit /health/live (the baseline), article search, entity
              detail and ingest; prints requests/s (and its ratio to the baseline), p50/p99 latency and errors per
              scenario, with the load average before and after. Exit code 1 when any request failed. With --url,
              writes need a key with the write scope (--key or NEWSEVENTS_API_KEY).
          tag-ner [FILE] [--model FILE]
              Prints the entities found in FILE (or standard input), one a line: start, end, type, text.
          entities [FILE] [--no-title]
              Prints the linked entities of FILE (or standard input): name, type and kind, key, country, coordinates,
              what it is part of, titles, then its mentions and aliases. A first line followed by a blank line is
              read as the title unless --no-title.
          benchmark-linking [--corpus FILE.ndjson] [--limit N] [--passes N] [--report N [--grep TEXT]]
              Tags the titles and bodies of an ndjson corpus, then times the entity linker alone on them (one thread).
              --report N then prints the N most frequent entities the mentions became (those whose description
              contains TEXT with --grep), with the forms that led there.
          quotes [FILE] [--title TEXT] | quotes --corpus FILE.ndjson [--skip N] [--limit N]
              Prints the quotes the extractor finds in FILE (or standard input), or in articles of an ndjson corpus:
              direct or reported, field and offsets, speaker, cue, text.
          benchmark-quotes [--corpus FILE.ndjson] [--limit N] [--passes N]
              Analyses the article bodies of an ndjson corpus, then times the quote stage alone on one thread (MB/s).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var options = Options.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "train-ner" => NerCommands.Train(options),
                "evaluate" => EvaluateCommand.Run(options),
                "evaluate-ner" => NerCommands.Evaluate(options),
                "benchmark-ner" => await NerCommands.BenchmarkAsync(options),
                "tag-ner" => await NerCommands.TagAsync(options),
                "benchmark-extraction" => ExtractionBenchmark.Run(options),
                "benchmark-ingest" => await IngestBenchmark.RunAsync(options),
                "import" => await ImportCommand.RunAsync(options),
                "keys" => await KeyCommands.RunAsync(options),
                "generate-corpus" => await DerivedCorpus.GenerateAsync(options),
                "benchmark-analyst" => await AnalystBenchmark.RunAsync(options),
                "benchmark-search" => await SearchBenchmark.RunAsync(options),
                "benchmark-load" => await LoadBenchmark.RunAsync(options),
                "entities" => await LinkingCommands.EntitiesAsync(options),
                "benchmark-linking" => await LinkingCommands.BenchmarkAsync(options),
                "quotes" => await QuoteCommands.PrintAsync(options),
                "benchmark-quotes" => await QuoteCommands.BenchmarkAsync(options),
                _ => Fail($"unknown command '{args[0]}'\n\n{Usage}"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail($"{e.Message}\n\n{Usage}");
        }
        catch (IOException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}

/// <summary>Positional arguments and `--name value` options (an option may repeat).</summary>
internal sealed class Options
{
    private readonly Dictionary<string, List<string>> _named = [];

    public List<string> Positional { get; } = [];

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                if (!options._named.TryGetValue(name, out var values))
                {
                    options._named[name] = values = [];
                }
                values.Add(value);
            }
            else
            {
                options.Positional.Add(args[i]);
            }
        }
        return options;
    }

    public string? Get(string name) => _named.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _named.TryGetValue(name, out var values) ? values : [];

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    public int GetInt(string name, int fallback) =>
        Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double GetDouble(string name, double fallback) =>
        Get(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => _named.ContainsKey(name);
}
