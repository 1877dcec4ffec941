using System.Net;
using NewsEvents.Core.Feeds;

namespace NewsEvents.Api.Tests.Units;

public sealed class AddressPolicyTests
{
    private static readonly AddressPolicy Default = new(allowPrivateAddresses: false, allowedNetworks: []);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("100.100.100.200", "shared (CGNAT)")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    public void Non_public_addresses_are_refused_with_their_kind(string address, string kind) =>
        Assert.Equal(kind, Default.Refusal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(Default.Refusal(IPAddress.Parse(address)));

    [Fact]
    public void An_allowed_network_opens_exactly_that_network()
    {
        var policy = new AddressPolicy(allowPrivateAddresses: false, allowedNetworks: ["10.20.0.0/16", "127.0.0.1/32"]);

        Assert.Null(policy.Refusal(IPAddress.Parse("10.20.3.4")));
        Assert.Null(policy.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.Refusal(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.Equal("private", policy.Refusal(IPAddress.Parse("10.21.0.1")));
        Assert.Equal("loopback", policy.Refusal(IPAddress.Parse("127.0.0.2")));
    }

    [Fact]
    public void Allowing_private_addresses_allows_them_all()
    {
        var policy = new AddressPolicy(allowPrivateAddresses: true, allowedNetworks: []);

        Assert.Null(policy.Refusal(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.Refusal(IPAddress.Parse("169.254.169.254")));
    }
}
