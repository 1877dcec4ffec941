using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace NewsEvents.Core.Search;

/// <summary>
/// The opaque cursor of every list: the sort key of the last item on a page (so the next page starts strictly after
/// it, with no gaps or repeats while rows are added), as base64url. Decoding is strict: anything not made by
/// <see cref="Encode"/> is rejected rather than guessed at.
/// </summary>
public static class KeysetToken
{
    public const int MaxLength = 200;

    public static string Encode(params string[] parts) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', parts)));

    /// <summary>The parts, or null when the token is malformed or does not have exactly <paramref name="count"/> parts.</summary>
    public static string[]? TryDecode(string token, int count)
    {
        if (token.Length > MaxLength || !Base64Url.IsValid(token))
        {
            return null;
        }
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|');
            return parts.Length == count ? parts : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Of(Guid id) => id.ToString("N");

    public static string Of(DateTimeOffset at) => at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParse(string part, out Guid id) => Guid.TryParseExact(part, "N", out id);

    public static bool TryParse(string part, out long value) =>
        long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParse(string part, out double value) =>
        double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryParse(string part, out DateTimeOffset at)
    {
        at = default;
        if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
