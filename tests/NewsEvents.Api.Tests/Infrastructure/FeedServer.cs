using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, random port) that serves feed documents the way publishers do: with
/// an ETag and Last-Modified, answering 304 to a matching conditional GET; it also stands in for webhook receivers.
/// Tests script each path's answers and read back what the poller (or the webhook deliverer) sent.
/// </summary>
public sealed class FeedServer : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Route> _routes = new();
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>A request as the server received it.</summary>
    public sealed record SeenRequest(
        string Path, string? IfNoneMatch, string? IfModifiedSince, string? UserAgent, string Body, IReadOnlyDictionary<string, string> Headers);

    private sealed record Route(Queue<Answer> Script, Answer Steady);

    /// <summary>One scripted answer: a document (with validators when <see cref="ETag"/> is set), a status, or a redirect.</summary>
    public sealed record Answer(int Status, string? Body = null, string? ContentType = null, string? ETag = null, string? Location = null);

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(ServeAsync);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUri = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A path no other test uses, and its absolute URL.</summary>
    public (string Path, string Url) NewPath(string extension)
    {
        var path = $"/{Guid.NewGuid():N}.{extension}";
        return (path, new Uri(BaseUri, path).AbsoluteUri);
    }

    /// <summary>Serves <paramref name="body"/> at <paramref name="path"/> from now on (with an ETag, unless null).</summary>
    public void Serve(string path, string body, string contentType, string? etag = "\"v1\"") =>
        _routes[path] = new Route(new Queue<Answer>(), new Answer(200, body, contentType, etag));

    /// <summary>Answers the next requests with <paramref name="first"/>, in order, then <paramref name="then"/> for good.</summary>
    public void Script(string path, Answer then, params Answer[] first) => _routes[path] = new Route(new Queue<Answer>(first), then);

    public IReadOnlyList<SeenRequest> RequestsFor(string path) => _requests.Where(r => r.Path == path).ToList();

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new StreamReader(request.Body);
        _requests.Enqueue(new SeenRequest(
            request.Path, request.Headers.IfNoneMatch.FirstOrDefault(), request.Headers.IfModifiedSince.FirstOrDefault(),
            request.Headers.UserAgent.FirstOrDefault(), await body.ReadToEndAsync(),
            request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (!_routes.TryGetValue(request.Path, out var route))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Answer answer;
        lock (route.Script)
        {
            answer = route.Script.TryDequeue(out var scripted) ? scripted : route.Steady;
        }

        var response = context.Response;
        if (answer.Location is not null)
        {
            response.StatusCode = answer.Status;
            response.Headers.Location = answer.Location;
            return;
        }
        if (answer.ETag is not null)
        {
            response.Headers.ETag = answer.ETag;
            response.Headers.LastModified = "Tue, 05 Sep 2023 15:00:00 GMT";
            if (request.Headers.IfNoneMatch == answer.ETag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        response.StatusCode = answer.Status;
        if (answer.Body is not null)
        {
            response.ContentType = answer.ContentType;
            await response.WriteAsync(answer.Body);
        }
    }
}
