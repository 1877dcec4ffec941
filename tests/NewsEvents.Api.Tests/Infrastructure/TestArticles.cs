namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>Test articles: every call gets words of its own, so tests sharing a database never see each other's rows.</summary>
public static class TestArticles
{
    /// <summary>A word no other test uses (letters only, so the English stemmer leaves it alone).</summary>
    public static string UniqueWord(string prefix = "zq") =>
        prefix + string.Concat(Guid.NewGuid().ToString("N")[..10].Select(c => (char)('a' + (Convert.ToInt32(c.ToString(), 16) % 26))));

    public static object New(string? title = null, string? body = null, string? url = null, string? source = null,
        string? language = null, DateTimeOffset? publishedAt = null, string? author = null) => new
    {
        title = title ?? $"Report {UniqueWord()}",
        body = body ?? $"Body text {UniqueWord()} about the world.",
        url,
        source,
        language,
        publishedAt,
        author,
    };
}
