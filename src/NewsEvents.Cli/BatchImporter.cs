using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsEvents.Cli;

/// <summary>Counts so far, and how far through the file they are.</summary>
internal sealed record ImportProgress(long Accepted, long Duplicate, long Rejected, long Lines, long BytesRead, long TotalBytes, TimeSpan Elapsed)
{
    public long Articles => Accepted + Duplicate + Rejected;
}

/// <summary>Where the importer reports as it goes.</summary>
internal interface IImportObserver
{
    void Progress(ImportProgress progress);

    void Rejected(long line, string reason);
}

/// <summary>
/// Sends an NDJSON file to <c>POST /api/v1/articles/batch</c> a chunk of lines at a time. The server recognises
/// articles it already has, so an import that stops half-way (Ctrl+C, a lost connection) is finished by running it
/// again: the articles of the first run come back as duplicates. A chunk that fails for a reason that may pass (no
/// answer, 5xx) is sent again for the same reason.
/// </summary>
internal sealed class BatchImporter(HttpClient http, IImportObserver observer)
{
    private const string BatchPath = "api/v1/articles/batch";
    private const int MaxAttempts = 5;
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson") { CharSet = "utf-8" };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Imports the file; stops with the counts so far when <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="ImportFailedException">The server refused a chunk, or stayed unreachable.</exception>
    public async Task<ImportProgress> ImportAsync(string path, int linesPerBatch, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var progress = new ImportProgress(0, 0, 0, 0, 0, file.Length, TimeSpan.Zero);
        var chunk = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            var firstLine = progress.Lines + 1;
            var (lines, articles) = await ReadChunkAsync(reader, chunk, linesPerBatch);
            if (lines == 0)
            {
                break;
            }
            var answer = articles == 0 ? new BatchAnswer(0, 0, 0, []) : await SendAsync(chunk.ToString(), cancellationToken);
            if (answer is null)
            {
                break; // interrupted while sending: this chunk may or may not be stored; a rerun will tell
            }
            foreach (var item in answer.Items.Where(i => i.Status == BatchStatus.Rejected))
            {
                observer.Rejected(firstLine + item.Line - 1, item.Reason ?? "rejected");
            }
            progress = progress with
            {
                Accepted = progress.Accepted + answer.Accepted,
                Duplicate = progress.Duplicate + answer.Duplicate,
                Rejected = progress.Rejected + answer.Rejected,
                Lines = progress.Lines + lines,
                BytesRead = file.Position,
                Elapsed = clock.Elapsed,
            };
            observer.Progress(progress);
        }
        return progress with { Elapsed = clock.Elapsed };
    }

    /// <summary>Reads up to <paramref name="maxArticles"/> non-blank lines, keeping blank ones so line numbers match.</summary>
    private static async Task<(int Lines, int Articles)> ReadChunkAsync(StreamReader reader, StringBuilder chunk, int maxArticles)
    {
        chunk.Clear();
        var (lines, articles) = (0, 0);
        while (articles < maxArticles && await reader.ReadLineAsync() is { } line)
        {
            chunk.Append(line).Append('\n');
            lines++;
            articles += string.IsNullOrWhiteSpace(line) ? 0 : 1;
        }
        return (lines, articles);
    }

    /// <summary>The server's answer, or null when interrupted.</summary>
    private async Task<BatchAnswer?> SendAsync(string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = Ndjson;
                using var response = await http.PostAsync(BatchPath, content, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<BatchAnswer>(Json, cancellationToken)
                        ?? throw new ImportFailedException("The server answered with an empty body.");
                }
                failure = await DescribeAsync(response, cancellationToken);
                if (response.StatusCode < HttpStatusCode.InternalServerError)
                {
                    throw new ImportFailedException(failure); // the same chunk would be refused again
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.Message; // no answer (refused, reset, timed out)
            }
            if (attempt == MaxAttempts)
            {
                throw new ImportFailedException($"Gave up after {MaxAttempts} attempts: {failure}");
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var problem = JsonSerializer.Deserialize<Problem>(text, Json);
            return $"{(int)response.StatusCode} {problem?.Title} {problem?.Detail}".TrimEnd();
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }

    private enum BatchStatus { Accepted, Duplicate, Rejected }

    private sealed record BatchItem(int Line, BatchStatus Status, string? Reason);

    private sealed record BatchAnswer(int Accepted, int Duplicate, int Rejected, List<BatchItem> Items);

    private sealed record Problem(string? Title, string? Detail);
}

internal sealed class ImportFailedException(string message) : Exception(message);
