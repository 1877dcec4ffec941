using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Operability;

/// <summary>
/// Sends thousands of hostile requests to every operation the OpenAPI document lists (so new endpoints are covered
/// without editing this test): every answer must be a success or a 4xx problem document, never a 5xx or a stack trace,
/// and the service must be healthy afterwards. A streaming operation (text/event-stream) that accepts a request never
/// ends its answer: the fuzzer checks its status and headers, reads its opening line, and hangs up.
/// </summary>
public sealed class FuzzTests(CorpusApiFactory api) : IClassFixture<CorpusApiFactory>
{
    private const int CombinationsPerOperation = 60;

    private static readonly string[] HostileValues =
    [
        "", " ", "'", "\"", "\\", "&|!():*<>'\\", "a & | b", "!!!", "((((", "'; DROP TABLE articles; --", "1' OR '1'='1",
        "title:*", "entity:", "entity:\"", "type:nothing", "from:2023-02-30", "to:9999-99-99", "event:", "\"unterminated",
        "-", "--", "-1", "0", "1", "101", "2147483648", "-2147483649", "99999999999999999999999", "1e308", "NaN", "Infinity",
        "true", "null", "[]", "{}", "2023-13-45", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2023-09-06T25:61:00+99:00",
        "\u0000", "\u0001\u0002\u001f", "\u202Eevil\u202C", "\uFEFF", "💥🇺🇦", "مرحبا بالعالم", "<script>alert(1)</script>",
        "%00", "%FF%FE", "../../etc/passwd", "bm90LWEtY3Vyc29y", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new string('x', 5000),
        new string('(', 2000), string.Concat(Enumerable.Repeat("a:b ", 500)), "day,entity,entity,unknown", "entity,source",
    ];

    private static readonly string[] HostileBodies =
    [
        "", "{", "}", "[", "null", "true", "0", "\"text\"", "[]", "{}", "{\"title\":5,\"body\":[]}",
        "{\"title\":\"t\",\"body\":\"b\",\"publishedAt\":\"yesterday\"}", "{\"title\":\"t\",\"body\":\"b\",\"url\":\"javascript:alert(1)\"}",
        "{\"title\":\"\\u0000\",\"body\":\"\\ud800\"}", "{\"text\":{\"nested\":true}}", "{\"title\":\"t\",\"text\":\"" + new string('x', 3_000_000) + "\"}",
        new string('[', 100_000) + new string(']', 100_000), string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000),
        "{\"title\":\"t\",\"body\":\"b\",\"title\":\"again\"}", "{\"title\":\"t\",\"body\":\"b\"", "\u00ff\u00fe",
    ];

    [Fact]
    public async Task Hostile_requests_to_every_operation_get_a_success_or_a_problem_document_never_a_server_error()
    {
        var client = api.CreateClient();
        var operations = await OperationsAsync(client);
        var ids = await RealIdsAsync(client);
        var random = new Random(2026);
        var requests = new List<(Func<HttpRequestMessage> Make, bool Streams)>();
        foreach (var operation in operations)
        {
            void Add(Func<HttpRequestMessage> make) => requests.Add((make, operation.Streams));
            var paths = PathVariants(operation, ids);
            foreach (var path in paths)
            {
                Add(() => new HttpRequestMessage(operation.Method, path));
            }
            foreach (var parameter in operation.Query)
            {
                foreach (var value in HostileValues)
                {
                    // The first path names something that exists, so every parameter reaches the code behind it.
                    Add(() => new HttpRequestMessage(operation.Method, $"{paths[0]}?{parameter}={Uri.EscapeDataString(value)}"));
                }
            }
            for (var i = 0; i < CombinationsPerOperation; i++)
            {
                var url = paths[random.Next(paths.Count)] + Query(operation, random, random.Next(1, 4));
                var accept = random.Next(4) switch { 0 => "text/csv", 1 => "application/xml", 2 => "*/*", _ => "application/json" };
                Add(() =>
                {
                    var request = new HttpRequestMessage(operation.Method, url);
                    request.Headers.TryAddWithoutValidation("Accept", accept);
                    return request;
                });
            }
            if (operation.TakesBody)
            {
                foreach (var body in HostileBodies)
                {
                    Add(() => new HttpRequestMessage(operation.Method, paths[0])
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    });
                }
                Add(() => new HttpRequestMessage(operation.Method, paths[0])
                {
                    Content = new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) { Headers = { ContentType = new("application/json") } },
                });
                Add(() => new HttpRequestMessage(operation.Method, paths[0])
                {
                    Content = new StringContent("title=t&body=b", Encoding.UTF8, "application/x-www-form-urlencoded"),
                });
            }
        }

        var failures = new ConcurrentBag<string>();
        var streamsOpened = 0;
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (next, cancellationToken) =>
        {
            using var request = next.Make();
            var description = $"{request.Method} {request.RequestUri}".Replace("\n", "\\n", StringComparison.Ordinal);
            description = description.Length > 300 ? description[..300] + "…" : description;
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            string body;
            if (next.Streams && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                Interlocked.Increment(ref streamsOpened);
                using var stream = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                body = await stream.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), cancellationToken) ?? "";
            }
            else
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                failures.Add($"{status} for {description}: {body[..Math.Min(body.Length, 300)]}");
            }
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{status} without a problem document for {description}: {response.Content.Headers.ContentType}");
            }
            else if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception:", StringComparison.Ordinal))
            {
                failures.Add($"{status} with a stack trace for {description}");
            }
        });

        Assert.True(requests.Count >= 2000, $"only {requests.Count} requests were generated");
        Assert.True(streamsOpened > 0, "no streaming operation was reached");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} answers were wrong:\n" + string.Join('\n', failures.Take(30)));
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <param name="Streams">Its success is an endless text/event-stream.</param>
    private sealed record Operation(HttpMethod Method, string Path, IReadOnlyList<string> Query, bool TakesBody, bool Streams);

    private static async Task<List<Operation>> OperationsAsync(HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var operations = new List<Operation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var query = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToList()
                    : [];
                var streams = operation.Value.GetProperty("responses").TryGetProperty("200", out var ok)
                    && ok.TryGetProperty("content", out var content) && content.TryGetProperty("text/event-stream", out _);
                operations.Add(new Operation(
                    new HttpMethod(operation.Name.ToUpperInvariant()), path.Name, query, operation.Value.TryGetProperty("requestBody", out _), streams));
            }
        }
        Assert.NotEmpty(operations);
        return operations;
    }

    /// <summary>Ids that exist (so the deeper code runs), one that does not, and ones that are not ids at all.</summary>
    private static async Task<Dictionary<string, string[]>> RealIdsAsync(HttpClient client)
    {
        async Task<string> FirstIdAsync(string list) =>
            (await client.GetFromJsonAsync<JsonElement>(list)).GetProperty("items")[0].GetProperty("id").GetString()!;
        var unknown = Guid.NewGuid().ToString();
        string[] junk = [unknown, "not-a-guid", "%00", new string('f', 3000), "00000000-0000-0000-0000-000000000000"];
        return new()
        {
            ["articles"] = [await FirstIdAsync("/api/v1/articles"), .. junk],
            ["entities"] = [await FirstIdAsync("/api/v1/entities?q=putin"), .. junk],
            ["events"] = [await FirstIdAsync("/api/v1/events"), .. junk],
            ["quotes"] = [await FirstIdAsync("/api/v1/quotes"), .. junk],
            [""] = [unknown, .. junk],
        };
    }

    private static List<string> PathVariants(Operation operation, Dictionary<string, string[]> ids)
    {
        if (!operation.Path.Contains("{id}", StringComparison.Ordinal))
        {
            return [operation.Path];
        }
        var resource = operation.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)[2];
        return (ids.TryGetValue(resource, out var known) ? known : ids[""])
            .Select(id => operation.Path.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal)).ToList();
    }

    private static string Query(Operation operation, Random random, int count)
    {
        if (operation.Query.Count == 0)
        {
            return "";
        }
        var pairs = Enumerable.Range(0, count).Select(_ =>
            $"{operation.Query[random.Next(operation.Query.Count)]}={Uri.EscapeDataString(HostileValues[random.Next(HostileValues.Length)])}");
        return "?" + string.Join('&', pairs);
    }
}
