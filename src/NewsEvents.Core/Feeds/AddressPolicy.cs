using System.Net;
using System.Net.Sockets;

namespace NewsEvents.Core.Feeds;

/// <summary>
/// Which addresses the feed poller may connect to: public unicast only, unless configuration allows more. Applied to
/// the address actually connected to (see <see cref="FeedHttp"/>), so neither DNS tricks nor redirects get around it.
/// </summary>
public sealed class AddressPolicy
{
    // Not public: each range with the reason a refusal gives. Cloud metadata endpoints fall inside these
    // (169.254.169.254 link-local, 100.100.100.200 CGNAT, fd00:ec2::254 unique-local).
    private static readonly (IPNetwork Network, string Kind)[] NonPublic =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared (CGNAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly bool _allowPrivate;
    private readonly IPNetwork[] _allowed;

    public AddressPolicy(bool allowPrivateAddresses, IEnumerable<string> allowedNetworks)
    {
        _allowPrivate = allowPrivateAddresses;
        _allowed = allowedNetworks.Select(IPNetwork.Parse).ToArray();
    }

    /// <summary>Null when the poller may connect to <paramref name="address"/>, else why not ("loopback").</summary>
    public string? Refusal(IPAddress address)
    {
        if (_allowPrivate || _allowed.Any(network => network.Contains(address)))
        {
            return null;
        }
        // An IPv4 address written as IPv6 (::ffff:127.0.0.1, or 64:ff9b::7f00:1 through NAT64) reaches the IPv4 host.
        var effective = address.IsIPv4MappedToIPv6 ? address.MapToIPv4()
            : Nat64.Contains(address) ? new IPAddress(address.GetAddressBytes()[12..])
            : address;
        if (!ReferenceEquals(effective, address) && _allowed.Any(network => network.Contains(effective)))
        {
            return null;
        }
        if (effective.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return "not an IP";
        }
        return NonPublic.FirstOrDefault(range => range.Network.Contains(effective)).Kind;
    }
}

/// <summary>A feed URL led to an address the <see cref="AddressPolicy"/> refuses.</summary>
public sealed class AddressRefusedException(string host, IPAddress address, string kind)
    : Exception($"Refused to connect to {host} ({address}): {kind} addresses are not allowed (see Feeds:AllowPrivateAddresses and Feeds:AllowedNetworks).");
