using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace NewsEvents.Extraction.Text;

/// <summary>
/// Turns article text as it arrives (scraped HTML fragments, entities, ragged whitespace) into clean plain text:
/// paragraphs separated by one blank line, single spaces, no markup. Plain text passes through unchanged
/// apart from whitespace, so "a &lt; b" in prose is never mistaken for a tag.
/// </summary>
public static partial class TextNormalizer
{
    private static readonly HashSet<string> SkippedElements =
        new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "head", "iframe", "svg", "object" };

    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table",
        "section", "article", "header", "footer", "aside", "figure", "figcaption", "hr", "dd", "dt", "dl", "main", "nav",
    };

    public static string Normalize(string text)
    {
        var sanitized = PlainText.Sanitize(text);
        var plain = LooksLikeMarkup().IsMatch(sanitized) ? HtmlToText(sanitized)
            : HasEntity().IsMatch(sanitized) ? WebUtility.HtmlDecode(sanitized)
            : sanitized;
        return CollapseWhitespace(plain);
    }

    private static string HtmlToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var builder = new StringBuilder(html.Length);
        AppendText(document.Body ?? (INode)document, builder);
        return builder.ToString();
    }

    private static void AppendText(INode node, StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText textNode:
                    builder.Append(textNode.Data);
                    break;
                case IElement element when SkippedElements.Contains(element.LocalName):
                    break;
                case IElement element when BlockElements.Contains(element.LocalName):
                    builder.Append("\n\n");
                    AppendText(element, builder);
                    builder.Append("\n\n");
                    break;
                case IElement element:
                    AppendText(element, builder);
                    break;
            }
        }
    }

    private static string CollapseWhitespace(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var builder = new StringBuilder(text.Length);
        var pendingBreak = "";
        foreach (var rawLine in lines)
        {
            var line = InlineWhitespace().Replace(InvisibleCharacters().Replace(rawLine, ""), " ").Trim();
            if (line.Length == 0)
            {
                pendingBreak = builder.Length > 0 ? "\n\n" : "";
                continue;
            }
            builder.Append(pendingBreak).Append(line);
            pendingBreak = "\n";
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>A real tag (&lt;p&gt;, &lt;/b&gt;, &lt;br/&gt;, &lt;a href=…&gt;) or an HTML comment.</summary>
    [GeneratedRegex(@"<(?:/?[a-zA-Z][a-zA-Z0-9-]*(?:\s+[a-zA-Z_:][^<>]*)?\s*/?>|!--)", RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeMarkup();

    [GeneratedRegex(@"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});", RegexOptions.CultureInvariant)]
    private static partial Regex HasEntity();

    /// <summary>Runs of spaces, tabs and the Unicode space separators (NBSP, thin space…).</summary>
    [GeneratedRegex(@"[\t\p{Zs}]+", RegexOptions.CultureInvariant)]
    private static partial Regex InlineWhitespace();

    /// <summary>Zero-width space, word joiner, byte-order mark and soft hyphen: invisible, and they split words for search.</summary>
    [GeneratedRegex(@"[\u200B\u2060\uFEFF\u00AD]", RegexOptions.CultureInvariant)]
    private static partial Regex InvisibleCharacters();
}
