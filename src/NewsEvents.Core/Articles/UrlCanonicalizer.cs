using NewsEvents.Extraction.Text;

namespace NewsEvents.Core.Articles;

/// <summary>
/// One spelling per page, so the same story posted twice under cosmetic URL differences is caught as a duplicate:
/// lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted query, no trailing slash.
/// </summary>
public static class UrlCanonicalizer
{
    private static readonly string[] TrackingPrefixes = ["utm_"];

    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "_hsenc", "_hsmi", "ocid", "cmpid",
    };

    /// <summary>True for an absolute http or https URL with a host, and no control characters or lone surrogates.</summary>
    /// <remarks>
    /// <see cref="Uri"/> accepts (and escapes) both, but the URL is also stored as sent, and PostgreSQL can store neither
    /// a NUL nor an unpaired surrogate.
    /// </remarks>
    public static bool IsWebUrl(string url) =>
        !url.Any(char.IsControl)
        && !PlainText.NeedsSanitizing(url)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    public static string Canonicalize(string url)
    {
        if (!IsWebUrl(url))
        {
            throw new ArgumentException("Not an absolute http(s) URL.", nameof(url));
        }

        var uri = new Uri(url, UriKind.Absolute);
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : "";
        var query = string.Join('&', uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !IsTracking(pair[..(pair.IndexOf('=') is var i and >= 0 ? i : pair.Length)]))
            .Order(StringComparer.Ordinal));
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Scheme}://{uri.IdnHost}{port}{path}{(query.Length > 0 ? "?" + query : "")}";
    }

    private static bool IsTracking(string name) =>
        TrackingParameters.Contains(name)
        || TrackingPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
