using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Quotes;

/// <summary>
/// Finds what an article says people and organisations said: direct quotes between quotation marks (in any of the
/// usual marks, over sentences and paragraphs) and reported speech with an explicit attribution ("X said that …",
/// "according to X, …", "X told CBS …", "…, X said."), each with its speaker resolved to one of the article's entities
/// (or none when the article does not name it), the cue that attributes it and its offsets.
/// </summary>
/// <remarks>
/// Rules over the tokens, sentences and entity mentions the earlier stages produced; linear in the length of the text
/// apart from bounded look-backs (<see cref="SpeakerResolver"/>). See docs/decisions/005-quote-extraction.md.
/// </remarks>
public static class QuoteExtractor
{
    /// <summary>At most this many quotes a field: a text made of quotation marks does not make the output unbounded.</summary>
    public const int MaxQuotesPerField = 5_000;

    public static List<ExtractedQuote> Extract(AnalyzedArticle article, IReadOnlyList<ExtractedEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(entities);
        var quotes = new List<ExtractedQuote>();
        foreach (var field in article.Fields)
        {
            if (field.Tokens.Count == 0)
            {
                continue;
            }
            var view = new FieldView(field, entities, QuoteMarks.Find(field.Text, MaxQuotesPerField));
            new FieldQuotes(view).Extract(quotes);
        }
        quotes.Sort((a, b) => a.Span.Field != b.Span.Field ? a.Span.Field.CompareTo(b.Span.Field) : a.Span.Start.CompareTo(b.Span.Start));
        return quotes;
    }
}
