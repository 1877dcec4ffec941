using System.Diagnostics;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary><c>newsevents import FILE.ndjson [--url URL] [--batch N] [--key KEY]</c>: bulk import through the API.</summary>
internal static class ImportCommand
{
    public const string DefaultUrl = "http://localhost:5080";
    public const string KeyVariable = "NEWSEVENTS_API_KEY";
    private const int MaxRejectionsShown = 20;

    public static async Task<int> RunAsync(Options options)
    {
        var path = options.Positional.Count == 1 ? options.Positional[0] : throw new ArgumentException("import takes one FILE.ndjson");
        var batch = options.GetInt("batch", 500);
        if (batch < 1)
        {
            throw new ArgumentException("--batch must be at least 1");
        }
        using var http = CreateClient(options.Get("url") ?? DefaultUrl, KeyOf(options));
        using var interrupt = new CancellationTokenSource();
        // The first Ctrl+C stops after the chunk in flight is answered or abandoned; the counts so far are printed.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };

        var observer = new ConsoleImportObserver(Console.Error, interactive: !Console.IsErrorRedirected, MaxRejectionsShown);
        ImportProgress result;
        try
        {
            result = await new BatchImporter(http, observer).ImportAsync(path, batch, interrupt.Token);
        }
        catch (ImportFailedException e)
        {
            observer.Finish();
            Console.Error.WriteLine($"import failed: {e.Message}");
            return 1;
        }
        observer.Finish();
        Console.WriteLine(Invariant(
            $"accepted {result.Accepted}, duplicate {result.Duplicate}, rejected {result.Rejected} ({result.Lines} lines in {result.Elapsed.TotalSeconds:F1} s)"));
        if (interrupt.IsCancellationRequested)
        {
            Console.Error.WriteLine("interrupted: run the same command again to finish; articles already stored come back as duplicates.");
            return 130;
        }
        return 0;
    }

    /// <summary>The API key a command was given: --key, else the NEWSEVENTS_API_KEY variable.</summary>
    public static string? KeyOf(Options options) => options.Get("key") ?? Environment.GetEnvironmentVariable(KeyVariable);

    /// <summary>A client of the service at <paramref name="url"/> that sends <paramref name="apiKey"/> (the batch endpoint needs the write scope).</summary>
    public static HttpClient CreateClient(string url, string? apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/"), Timeout = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
        return client;
    }
}

/// <summary>
/// A progress bar with throughput and ETA redrawn in place on a terminal, or a plain line every few seconds when the
/// output is a file or pipe; rejected lines are listed (the first few of them).
/// </summary>
internal sealed class ConsoleImportObserver(TextWriter output, bool interactive, int maxRejectionsShown) : IImportObserver
{
    private const int BarWidth = 30;
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private int _rejections;
    private bool _barDrawn;

    public void Progress(ImportProgress progress)
    {
        var fraction = progress.TotalBytes == 0 ? 1 : (double)progress.BytesRead / progress.TotalBytes;
        var seconds = Math.Max(progress.Elapsed.TotalSeconds, 1e-3);
        var eta = fraction > 0 ? TimeSpan.FromSeconds(seconds / fraction - seconds) : TimeSpan.Zero;
        var status = Invariant($"{fraction,4:P0}  {progress.Articles:N0} articles  {progress.Articles / seconds:N0}/s  ETA {eta:hh':'mm':'ss}");
        if (interactive)
        {
            var filled = (int)Math.Round(fraction * BarWidth);
            output.Write($"\r[{new string('#', filled)}{new string('-', BarWidth - filled)}] {status}  ");
            _barDrawn = true;
        }
        else if (_sinceLastLine.Elapsed >= PlainInterval || fraction >= 1)
        {
            output.WriteLine(status);
            _sinceLastLine.Restart();
        }
    }

    public void Rejected(long line, string reason)
    {
        if (++_rejections > maxRejectionsShown)
        {
            return;
        }
        EndBar();
        output.WriteLine(Invariant($"line {line}: {reason}"));
    }

    /// <summary>Leaves the cursor on a fresh line and says how many rejections were not listed.</summary>
    public void Finish()
    {
        EndBar();
        if (_rejections > maxRejectionsShown)
        {
            output.WriteLine(Invariant($"... and {_rejections - maxRejectionsShown} more rejected lines"));
        }
    }

    private void EndBar()
    {
        if (_barDrawn)
        {
            output.WriteLine();
            _barDrawn = false;
        }
    }
}
