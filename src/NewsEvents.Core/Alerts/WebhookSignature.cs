using System.Security.Cryptography;
using System.Text;

namespace NewsEvents.Core.Alerts;

/// <summary>
/// Signs webhook bodies: HMAC-SHA256 with the alert's secret over "{timestamp}.{body}", so a receiver can check the
/// sender and refuse a replayed delivery whose timestamp is old.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-NewsEvents-Signature";
    public const string TimestampHeader = "X-NewsEvents-Timestamp";
    public const string DeliveryHeader = "X-NewsEvents-Delivery";

    /// <summary>A new secret: 32 random bytes, hex, prefixed so it is recognisable in a secret store.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The value of <see cref="SignatureHeader"/>: "sha256=" and the lower-case hex HMAC.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{unixSeconds}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
