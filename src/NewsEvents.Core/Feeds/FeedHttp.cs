using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace NewsEvents.Core.Feeds;

/// <summary>
/// The outbound HTTP client that fetches feeds: its connections pass the <see cref="AddressPolicy"/>, it follows a
/// few redirects (each new connection checked again), decompresses, and retries transient failures with backoff.
/// </summary>
internal static class FeedHttp
{
    public const string ClientName = "feeds";
    private const int MaxRedirects = 5;

    public static IServiceCollection AddFeedHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, (provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<FeedOptions>>().Value;
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline and the fetcher bound each request
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd(
                    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5");
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var handler = GuardedHandler(provider.GetRequiredService<IOptions<FeedOptions>>().Value);
                handler.AllowAutoRedirect = true;
                handler.MaxAutomaticRedirections = MaxRedirects;
                return handler;
            })
            .AddResilienceHandler("feed-fetch", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<FeedOptions>>().Value;
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // A refused address stays refused: asking again only delays the answer.
                        ShouldHandle = args => ValueTask.FromResult(
                            HttpClientResiliencePredicates.IsTransient(args.Outcome) &&
                            args.Outcome.Exception?.InnerException is not AddressRefusedException),
                    });
                }
                pipeline.AddTimeout(options.AttemptTimeout);
            });
        return services;
    }

    /// <summary>
    /// A handler whose every connection (redirects included) passes the address policy configured under "Feeds": the
    /// one SSRF guard of all outbound HTTP, feeds and webhooks alike. It does not follow redirects unless told to.
    /// </summary>
    internal static SocketsHttpHandler GuardedHandler(FeedOptions options)
    {
        var policy = new AddressPolicy(options.AllowPrivateAddresses, options.AllowedNetworks);
        return new SocketsHttpHandler
        {
            // A proxy would be the only address connected to, and the target would go unchecked.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context, cancellationToken),
        };
    }

    /// <summary>
    /// Resolves the host and connects to the first address the policy allows; refuses if it allows none. Checking
    /// here, on the address actually used, is what makes the guard hold against DNS rebinding and redirects.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(
        AddressPolicy policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var refusal = addresses.Select(address => (Address: address, Kind: policy.Refusal(address))).ToList();
        var allowed = refusal.Where(r => r.Kind is null).Select(r => r.Address).ToArray();
        if (allowed.Length == 0)
        {
            var (address, kind) = refusal.Count > 0 ? refusal[0] : (IPAddress.None, "unresolvable");
            throw new AddressRefusedException(host, address, kind!);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
