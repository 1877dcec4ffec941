using System.Diagnostics;
using System.Net;
using NewsEvents.Api.Tests.Infrastructure;
using Serilog.Events;

namespace NewsEvents.Api.Tests.Operability;

public sealed class RequestLoggingTests(LogCapturingApiFactory api) : IClassFixture<LogCapturingApiFactory>
{
    [Fact]
    public async Task Every_line_a_request_logs_carries_the_trace_id_the_client_sent()
    {
        var source = await api.CreateSourceAsync(api.ServeFixture("hill-town.feed.json", TestArticles.UniqueWord()).Url);
        var path = $"/api/v1/sources/{source.Id}/poll";
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = await api.EventsOfRequestAsync(path);
        Assert.Contains(lines, e => e.Properties.TryGetValue("SourceContext", out var source)
            && source is ScalarValue { Value: "NewsEvents.Core.Feeds.FeedPoller" }); // a service's line, not only the request's
        Assert.Contains(lines, e => e.Properties.ContainsKey("Elapsed")); // the request's completion line
        Assert.All(lines, e => Assert.Equal(traceId, e.TraceId));
    }

    [Fact]
    public async Task A_problem_answer_names_the_trace_id_its_request_logged_with()
    {
        var path = $"/api/v1/sources/{Guid.NewGuid()}/poll";

        using var response = await api.CreateClient().PostAsync(path, null);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
        var completion = Assert.Single(await api.EventsOfRequestAsync(path), e => e.Properties.ContainsKey("Elapsed"));
        Assert.Equal(completion.TraceId?.ToHexString(), problem.GetProperty("traceId").GetString());
    }
}
