using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace NewsEvents.Core.Feeds;

/// <summary>What a conditional GET brought: nothing new (304), or the document with its validators.</summary>
public sealed record FetchedFeed(bool NotModified, byte[] Content, string? ContentType, string? ETag, string? LastModified);

/// <summary>A fetch that failed in a way worth reporting on the source (HTTP status, size, refusal, timeout).</summary>
public sealed class FeedFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Fetches a feed with a conditional GET, bounded in time and size.</summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOptions<FeedOptions> options)
{
    public async Task<FetchedFeed> FetchAsync(
        string url, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }
        if (lastModified is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        try
        {
            using var response = await clients.CreateClient(FeedHttp.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                // A 304 may carry fresher validators; otherwise the ones sent stay good.
                return new FetchedFeed(true, [], null, response.Headers.ETag?.ToString() ?? etag, lastModified);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new FeedFetchException($"The feed answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            var content = await ReadCappedAsync(response.Content, settings.MaxFeedBytes, timeout.Token);
            return new FetchedFeed(
                false,
                content,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new FeedFetchException($"The feed did not answer within {settings.RequestTimeout}.");
        }
        catch (TimeoutRejectedException exception)
        {
            throw new FeedFetchException($"The feed did not answer within {settings.AttemptTimeout}, on every attempt.", exception);
        }
        catch (HttpRequestException exception) when (exception.InnerException is AddressRefusedException refused)
        {
            throw new FeedFetchException(refused.Message, exception);
        }
        catch (HttpRequestException exception)
        {
            throw new FeedFetchException($"The feed could not be fetched: {exception.Message}", exception);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // The declared length may be absent or wrong (and decompression changes it): count what arrives.
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static FeedFetchException TooLarge(int maxBytes) =>
        new($"The feed is larger than {maxBytes} bytes (Feeds:MaxFeedBytes).");
}
