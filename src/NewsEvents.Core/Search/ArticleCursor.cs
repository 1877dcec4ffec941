using System.Globalization;

namespace NewsEvents.Core.Search;

/// <summary>Where a page of articles ended, in the sort's own key: rank (relevance only), time, id.</summary>
public sealed record ArticleCursor(ArticleSort Sort, float? Rank, DateTimeOffset At, Guid Id)
{
    public string Encode() => KeysetToken.Encode(
        ((int)Sort).ToString(CultureInfo.InvariantCulture),
        Rank?.ToString("R", CultureInfo.InvariantCulture) ?? "",
        KeysetToken.Of(At),
        KeysetToken.Of(Id));

    /// <summary>Null when the token was not made by <see cref="Encode"/> (truncated, edited, or from elsewhere).</summary>
    public static ArticleCursor? TryDecode(string token)
    {
        if (KeysetToken.TryDecode(token, 4) is not { } parts
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sortValue)
            || !Enum.IsDefined((ArticleSort)sortValue)
            || !KeysetToken.TryParse(parts[2], out DateTimeOffset at)
            || !KeysetToken.TryParse(parts[3], out Guid id))
        {
            return null;
        }
        var sort = (ArticleSort)sortValue;
        if (sort != ArticleSort.Relevance)
        {
            return parts[1].Length == 0 ? new ArticleCursor(sort, null, at, id) : null;
        }
        return float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && float.IsFinite(rank)
            ? new ArticleCursor(sort, rank, at, id)
            : null;
    }
}
