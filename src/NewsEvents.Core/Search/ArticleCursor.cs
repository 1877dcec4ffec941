using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace NewsEvents.Core.Search;

/// <summary>
/// Where a page ended, in the sort's own key (rank, time, id), so the next page starts strictly after it: no gaps and
/// no repeats while articles are added. Travels as an opaque base64url token.
/// </summary>
public sealed record ArticleCursor(ArticleSort Sort, float? Rank, DateTimeOffset At, Guid Id)
{
    public string Encode()
    {
        var rank = Rank?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{(int)Sort}|{rank}|{At.UtcTicks}|{Id:N}"));
    }

    /// <summary>Null when the token was not made by <see cref="Encode"/> (truncated, edited, or from elsewhere).</summary>
    public static ArticleCursor? TryDecode(string token)
    {
        if (token.Length > 200 || !Base64Url.IsValid(token))
        {
            return null;
        }
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|');
        }
        catch (FormatException)
        {
            return null;
        }
        if (parts.Length != 4
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sortValue)
            || !Enum.IsDefined((ArticleSort)sortValue)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[3], "N", out var id))
        {
            return null;
        }
        var sort = (ArticleSort)sortValue;
        float? rank = null;
        if (sort == ArticleSort.Relevance)
        {
            if (!float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            {
                return null;
            }
            rank = value;
        }
        else if (parts[1].Length > 0)
        {
            return null;
        }
        return new ArticleCursor(sort, rank, new DateTimeOffset(ticks, TimeSpan.Zero), id);
    }
}
