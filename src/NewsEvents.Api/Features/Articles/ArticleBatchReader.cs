using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsEvents.Api.Infrastructure;

namespace NewsEvents.Api.Features.Articles;

/// <summary>One article read from a batch, or why it could not be read.</summary>
public sealed record BatchEntry(int? Line, int? Index, CreateArticleRequest? Request, string? Error);

/// <summary>
/// Reads the articles of a batch body one at a time as they arrive, never holding more than one of them: NDJSON line
/// by line (a broken line is reported and the next one read), or the elements of a JSON array.
/// Items have the NDJSON shape of the corpora (<c>title, body, published_at, source, url, author, language</c>, other
/// fields ignored).
/// </summary>
public sealed class ArticleBatchReader
{
    private static ReadOnlySpan<byte> Blank => " \t\r"u8;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public ArticleBatchReader(IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json)
    {
        // One instance for the life of the process: System.Text.Json caches its contract per options object.
        Json = new JsonSerializerOptions(json.Value.JsonSerializerOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        Json.Converters.Add(new UtcUnlessOffsetConverter());
    }

    /// <summary>How item fields are named and read; also names the fields of validation errors.</summary>
    public JsonSerializerOptions Json { get; }

    public async IAsyncEnumerable<BatchEntry> ReadLinesAsync(
        PipeReader body, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var line = 0;
        // Set while discarding a line too long to hold: its bytes are dropped as they arrive, up to its newline.
        var skipping = false;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            // Each read is parsed and handed back to the pipe before its entries are yielded: a caller that stops
            // early (too many items, a failure) must not leave a read in progress, or Kestrel, unable to drain the
            // body, drops the connection instead of sending the answer.
            List<BatchEntry> entries = [];
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                var text = buffer.Slice(0, end);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
                line++;
                if (Read(text, line, skipping, maxLineBytes) is { } entry)
                {
                    entries.Add(entry);
                }
                skipping = false;
            }
            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty && Read(buffer, line + 1, skipping, maxLineBytes) is { } last)
                {
                    entries.Add(last);
                }
                body.AdvanceTo(buffer.End);
            }
            else
            {
                skipping |= buffer.Length > maxLineBytes;
                body.AdvanceTo(skipping ? buffer.End : buffer.Start, buffer.End);
            }
            foreach (var entry in entries)
            {
                yield return entry;
            }
            if (read.IsCompleted)
            {
                yield break;
            }
        }
    }

    public async IAsyncEnumerable<BatchEntry> ReadArrayAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        // Elements as JSON values first: an element of the wrong shape is then one rejected item, not a failed batch.
        // A syntax error still ends the batch (JsonException), since nothing after it can be trusted to line up.
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, Json, cancellationToken))
        {
            yield return Read(element, index++);
        }
    }

    private BatchEntry? Read(ReadOnlySequence<byte> text, int line, bool skipped, int maxLineBytes)
    {
        if (skipped || text.Length > maxLineBytes)
        {
            return new BatchEntry(line, null, null, $"The line is longer than {maxLineBytes} bytes.");
        }
        var bytes = text.IsSingleSegment ? text.FirstSpan : text.ToArray();
        // Files saved by some Windows editors start with a byte order mark, which JSON does not allow.
        bytes = (line == 1 && bytes.StartsWith(ByteOrderMark) ? bytes[ByteOrderMark.Length..] : bytes).Trim(Blank);
        if (bytes.IsEmpty)
        {
            return null;
        }
        try
        {
            return Entry(JsonSerializer.Deserialize<CreateArticleRequest>(bytes, Json), line, index: null);
        }
        catch (JsonException e)
        {
            return Unreadable(e, line, index: null);
        }
    }

    private BatchEntry Read(JsonElement element, int index)
    {
        try
        {
            return Entry(element.Deserialize<CreateArticleRequest>(Json), line: null, index);
        }
        catch (JsonException e)
        {
            return Unreadable(e, line: null, index);
        }
    }

    private static BatchEntry Entry(CreateArticleRequest? request, int? line, int? index) =>
        request is null
            ? new BatchEntry(line, index, null, "Expected a JSON object, found null.")
            : new BatchEntry(line, index, request, null);

    private static BatchEntry Unreadable(JsonException e, int? line, int? index)
    {
        var field = e.Path is null or "$" ? null : e.Path.TrimStart('$', '.');
        // The serializer's own wording for a wrong type names .NET types; say it in the client's terms instead.
        var reason = !e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? field is null || e.Message.Contains("Path:", StringComparison.Ordinal) ? e.Message : $"{field}: {e.Message}"
            : field is null ? "Expected a JSON object." : $"{field}: wrong type.";
        return new(line, index, null, $"Not a readable article: {reason}");
    }
}
