using System.Net;

namespace NewsEvents.Core.Search;

/// <summary>
/// ts_headline marks matches with private-use sentinels rather than tags, so the article text can be HTML-escaped
/// as a whole before the marks become &lt;mark&gt;: no markup from an article ever reaches a client live.
/// </summary>
public static class Highlight
{
    public const string StartSentinel = "\uE000";
    public const string StopSentinel = "\uE001";

    /// <summary>Options for ts_headline: two best fragments of up to 35 words, joined by an ellipsis.</summary>
    public const string HeadlineOptions =
        $"StartSel={StartSentinel}, StopSel={StopSentinel}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"";

    public static string ToHtml(string headline) =>
        WebUtility.HtmlEncode(headline).Replace(StartSentinel, "<mark>", StringComparison.Ordinal)
            .Replace(StopSentinel, "</mark>", StringComparison.Ordinal);

    /// <summary>The opening of a text, cut at a word boundary, HTML-escaped: the snippet when there is nothing to highlight.</summary>
    public static string Lead(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return WebUtility.HtmlEncode(text);
        }
        var cut = text.LastIndexOf(' ', maxLength);
        return WebUtility.HtmlEncode(text[..(cut > maxLength / 2 ? cut : maxLength)]) + " …";
    }
}
