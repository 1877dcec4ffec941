using System.Globalization;
using System.Runtime.Serialization;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using NewsEvents.Core.Data;
using NewsEvents.Extraction.Text;

namespace NewsEvents.Core.Feeds;

/// <summary>One feed entry as clean text: markup stripped, entities decoded.</summary>
public sealed record FeedItem(string Title, string Text, string? Url, DateTimeOffset? PublishedAt, string? Author);

/// <param name="EntryCount">Entries in the document, including those without text (which are not in <paramref name="Items"/>).</param>
public sealed record ParsedFeed(FeedKind Kind, string? Language, int EntryCount, IReadOnlyList<FeedItem> Items);

/// <summary>The document is not a feed this service reads, or not well-formed.</summary>
public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads RSS 2.0 and Atom 1.0 (System.ServiceModel.Syndication) and JSON Feed 1.x (System.Text.Json). Item text is
/// the fullest the feed offers (content:encoded, Atom content, content_html or content_text, else the
/// description or summary), turned into plain text by the HTML parser of <see cref="TextNormalizer"/>.
/// </summary>
public static partial class FeedParser
{
    private const string ContentModuleNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    private static readonly JsonSerializerOptions JsonFeedOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <param name="feedUrl">Where the document came from: relative item links resolve against it.</param>
    public static ParsedFeed Parse(byte[] content, Uri feedUrl)
    {
        var start = content.AsSpan().StartsWith(System.Text.Encoding.UTF8.Preamble) ? 3 : 0;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }
        return start < content.Length && content[start] == (byte)'{'
            ? ParseJsonFeed(content.AsSpan(start), feedUrl)
            : ParseXmlFeed(content, feedUrl);
    }

    private static ParsedFeed ParseXmlFeed(byte[] content, Uri feedUrl)
    {
        // No DTDs and no external resources: a feed must not make the parser fetch files or expand entity bombs.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), settings);
            reader.MoveToContent();
            var rss = new Rss20FeedFormatter();
            var atom = new Atom10FeedFormatter();
            SyndicationFeedFormatter formatter = rss.CanRead(reader) ? rss
                : atom.CanRead(reader) ? atom
                : throw new FeedFormatException(
                    $"Not an RSS 2.0, Atom 1.0 or JSON Feed document (the root element is <{reader.LocalName}>).");
            formatter.DateTimeParser = Lenient(formatter.DateTimeParser);
            formatter.ReadFrom(reader);
            var feed = formatter.Feed;
            var kind = formatter == rss ? FeedKind.Rss : FeedKind.Atom;
            var entries = feed.Items.ToList();
            var items = entries.Select(item => ReadSyndicationItem(item, feedUrl)).OfType<FeedItem>().ToList();
            return new ParsedFeed(kind, LanguageTag(feed.Language), entries.Count, items);
        }
        catch (XmlException exception)
        {
            throw new FeedFormatException($"The feed is not well-formed XML: {exception.Message}", exception);
        }
    }

    private static FeedItem? ReadSyndicationItem(SyndicationItem item, Uri feedUrl)
    {
        var encoded = ExtensionText(item, "encoded", ContentModuleNamespace);
        // RSS description and content:encoded are HTML by convention; Atom says per element (text, html or xhtml).
        var html = encoded
            ?? (item.Content as TextSyndicationContent)?.Text
            ?? item.Summary?.Text;
        var url = item.Links
            .Where(link => link.RelationshipType is null or "alternate")
            .Select(link => WebUrl(link.Uri?.OriginalString, feedUrl))
            .FirstOrDefault(link => link is not null)
            // A guid is a URL only when it is one outright ("hg-1001" is no path on the feed's host).
            ?? WebUrl(item.Id, relativeTo: null);
        var published = item.PublishDate != default ? item.PublishDate
            : item.LastUpdatedTime != default ? item.LastUpdatedTime
            : (DateTimeOffset?)null;
        var author = item.Authors.Select(a => a.Name ?? a.Email).FirstOrDefault(name => !string.IsNullOrWhiteSpace(name))
            ?? ExtensionText(item, "creator", DublinCoreNamespace);
        return Item(item.Title?.Text, html, url, published, author);
    }

    /// <summary>The text of an extension element (content:encoded, dc:creator), or null if it has none or holds markup instead.</summary>
    private static string? ExtensionText(SyndicationItem item, string name, string ns)
    {
        try
        {
            return item.ElementExtensions.ReadElementExtensions<string>(name, ns).FirstOrDefault();
        }
        catch (SerializationException)
        {
            return null; // one odd element should cost this item its extension, not the whole feed
        }
    }

    private static ParsedFeed ParseJsonFeed(ReadOnlySpan<byte> content, Uri feedUrl)
    {
        JsonFeedDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<JsonFeedDocument>(content, JsonFeedOptions);
        }
        catch (JsonException exception)
        {
            throw new FeedFormatException($"The feed is not valid JSON Feed: {exception.Message}", exception);
        }
        if (document?.Version is not { } version || !version.StartsWith("https://jsonfeed.org/version/", StringComparison.Ordinal))
        {
            throw new FeedFormatException("Not a JSON Feed document (its \"version\" is not a jsonfeed.org version).");
        }
        var entries = document.Items ?? [];
        var items = entries
            .Select(item => Item(
                item.Title,
                item.ContentHtml ?? item.ContentText ?? item.Summary,
                WebUrl(item.Url, feedUrl) ?? WebUrl(item.ExternalUrl, feedUrl),
                ParseDate(item.DatePublished) ?? ParseDate(item.DateModified),
                (item.Authors ?? []).Append(item.Author).Select(a => a?.Name).FirstOrDefault(name => !string.IsNullOrWhiteSpace(name))))
            .OfType<FeedItem>()
            .ToList();
        return new ParsedFeed(FeedKind.Json, LanguageTag(document.Language), entries.Count, items);
    }

    /// <summary>An item with text, or null: an entry without a body (only a title and a link) is no article.</summary>
    private static FeedItem? Item(string? title, string? html, string? url, DateTimeOffset? published, string? author)
    {
        var text = html is null ? "" : TextNormalizer.Normalize(html);
        if (text.Length == 0)
        {
            return null;
        }
        var cleanTitle = title is null ? "" : TextNormalizer.Normalize(title).ReplaceLineEndings(" ");
        var cleanAuthor = author is null ? null : TextNormalizer.Normalize(author);
        return new FeedItem(
            cleanTitle.Length > 0 ? cleanTitle : FirstWords(text),
            text,
            url,
            published,
            cleanAuthor is { Length: > 0 and <= 300 } ? cleanAuthor : null);
    }

    /// <summary>Untitled entries (microblog-style) take their title from the start of their text.</summary>
    private static string FirstWords(string text)
    {
        const int MaxLength = 120;
        var firstLine = text.AsSpan()[..(text.IndexOf('\n') is var end and >= 0 ? end : text.Length)];
        return firstLine.Length <= MaxLength ? firstLine.ToString()
            : firstLine[..(firstLine[..MaxLength].LastIndexOf(' ') is var space and > 0 ? space : MaxLength)].ToString() + "…";
    }

    /// <summary>An http(s) URL: <paramref name="link"/> resolved against <paramref name="relativeTo"/>, or, without one, only if absolute.</summary>
    private static string? WebUrl(string? link, Uri? relativeTo) =>
        !string.IsNullOrWhiteSpace(link)
        && (relativeTo is null ? Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) : Uri.TryCreate(relativeTo, link.Trim(), out uri))
        && uri.Scheme is "http" or "https"
            ? uri.AbsoluteUri
            : null;

    /// <summary>
    /// Feeds in the wild carry dates the RFC 822 parser rejects; one bad date must not lose the whole feed, so an
    /// unreadable date becomes "unknown" (default) instead of an error.
    /// </summary>
    private static TryParseDateTimeCallback Lenient(TryParseDateTimeCallback strict) =>
        (XmlDateTimeData data, out DateTimeOffset result) =>
        {
            if (!strict(data, out result))
            {
                result = ParseDate(data.DateTimeString) ?? default;
            }
            return true;
        };

    private static DateTimeOffset? ParseDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static string? LanguageTag(string? language) =>
        language is { Length: <= 35 } && LanguageTagPattern().IsMatch(language) ? language.ToLowerInvariant() : null;

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTagPattern();

    private sealed record JsonFeedDocument(string? Version, string? Language, List<JsonFeedItem>? Items);

    private sealed record JsonFeedItem(
        string? Url,
        string? ExternalUrl,
        string? Title,
        string? ContentHtml,
        string? ContentText,
        string? Summary,
        string? DatePublished,
        string? DateModified,
        List<JsonFeedAuthor>? Authors,
        JsonFeedAuthor? Author);

    private sealed record JsonFeedAuthor(string? Name);
}
