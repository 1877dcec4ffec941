using System.Net;
using System.Text.Json;
using NewsEvents.Api.Tests.Infrastructure;

namespace NewsEvents.Api.Tests.Alerts;

public sealed class StreamTests(AlertsApiFactory api) : IClassFixture<AlertsApiFactory>
{
    private sealed record ServerSentEvent(string? Id, string? Event, string? Data, string? Comment);

    [Fact]
    public async Task A_stream_client_receives_a_newly_processed_matching_article_and_not_a_non_matching_one()
    {
        var word = TestArticles.UniqueWord();
        using var stream = await OpenAsync($"q={word}+-storm");
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        var storm = await api.IngestAndProcessAsync(TestArticles.New(body: $"A storm hit {word}."));
        var calm = await api.IngestAndProcessAsync(TestArticles.New(title: $"Calm in {word}", body: $"A calm day in {word}."));

        var article = await NextArticleAsync(stream.Reader);
        Assert.Equal(calm.Id.ToString(), article.Id);
        var data = JsonDocument.Parse(article.Data!).RootElement;
        Assert.Equal(calm.Id, data.GetProperty("id").GetGuid());
        Assert.Equal($"Calm in {word}", data.GetProperty("title").GetString());
        Assert.NotEqual(storm.Id.ToString(), article.Id);
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeat_comments()
    {
        using var stream = await OpenAsync($"q={TestArticles.UniqueWord()}"); // after its "connected" comment

        var first = await ReadEventAsync(stream.Reader);
        var second = await ReadEventAsync(stream.Reader);

        Assert.Equal(("heartbeat", "heartbeat"), (first.Comment, second.Comment));
    }

    [Fact]
    public async Task A_client_resuming_with_Last_Event_ID_first_gets_the_matching_articles_it_missed()
    {
        var word = TestArticles.UniqueWord();
        var seen = await api.IngestAndProcessAsync(TestArticles.New(body: $"First word from {word}."));
        var missed = await api.IngestAndProcessAsync(TestArticles.New(body: $"Second word from {word}."));
        await api.IngestAndProcessAsync(TestArticles.New(body: "Unrelated news."));
        var laterMissed = await api.IngestAndProcessAsync(TestArticles.New(body: $"Third word from {word}."));

        using var stream = await OpenAsync($"q={word}", lastEventId: seen.Id);

        Assert.Equal(missed.Id.ToString(), (await NextArticleAsync(stream.Reader)).Id);
        Assert.Equal(laterMissed.Id.ToString(), (await NextArticleAsync(stream.Reader)).Id);
        var live = await api.IngestAndProcessAsync(TestArticles.New(body: $"Fourth word from {word}."));
        Assert.Equal(live.Id.ToString(), (await NextArticleAsync(stream.Reader)).Id);
    }

    [Theory]
    [InlineData("q=type:nothing", null)]
    [InlineData("q=entity:%22Zzyzx+Qwertyuiop+Plonk%22", null)]
    [InlineData("q=news", "not-an-id")]
    public async Task A_stream_that_cannot_be_served_is_refused_with_a_problem(string query, string? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/articles?{query}");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await api.CreateClient().SendAsync(request);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    private sealed class OpenStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public HttpResponseMessage Response => response;
        public StreamReader Reader => reader;

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }

    private async Task<OpenStream> OpenAsync(string query, Guid? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/stream/articles?{query}");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId.ToString());
        }
        var response = await api.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = new OpenStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        // The stream is live (subscribed) once its first comment arrives.
        Assert.Equal("connected", (await ReadEventAsync(stream.Reader)).Comment);
        return stream;
    }

    private static async Task<ServerSentEvent> NextArticleAsync(StreamReader reader)
    {
        while (true)
        {
            var next = await ReadEventAsync(reader);
            if (next.Comment is null)
            {
                Assert.Equal("article", next.Event);
                return next;
            }
        }
    }

    /// <summary>The next event or comment block (up to a blank line), within 20 seconds.</summary>
    private static async Task<ServerSentEvent> ReadEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? id = null, type = null, data = null, comment = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Length == 0)
            {
                return new ServerSentEvent(id, type, data, comment);
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "": comment = value; break;
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
        throw new InvalidOperationException("The stream ended.");
    }
}
