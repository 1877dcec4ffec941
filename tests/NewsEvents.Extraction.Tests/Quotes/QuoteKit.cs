using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Quotes;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Tests.Quotes;

/// <summary>
/// Runs the quote stage on a text whose entities the test names itself ("Jake Sullivan|Sullivan" as a person), so that
/// the rules are tested apart from what the tagger and linker happen to find.
/// </summary>
internal sealed record QuoteRun(string Text, List<ExtractedQuote> Quotes, List<ExtractedEntity> Entities)
{
    public static QuoteRun Of(string body, params (string Forms, EntityType Type)[] entities) => Of(null, body, entities);

    public static QuoteRun Of(string? title, string body, params (string Forms, EntityType Type)[] entities)
    {
        var article = new AnalyzedArticle(Analyze(TextField.Title, title ?? ""), Analyze(TextField.Body, body), null);
        var taken = new List<(TextField, int, int)>();
        var linked = new List<ExtractedEntity>();
        foreach (var (forms, type) in entities)
        {
            var names = forms.Split('|');
            var mentions = new List<ExtractedMention>();
            foreach (var field in article.Fields)
            {
                foreach (var form in names.OrderByDescending(n => n.Length))
                {
                    foreach (var start in Occurrences(field.Text, form))
                    {
                        var end = start + form.Length;
                        if (!taken.Any(t => t.Item1 == field.Field && t.Item2 < end && start < t.Item3))
                        {
                            taken.Add((field.Field, start, end));
                            mentions.Add(new ExtractedMention(new TextSpan(field.Field, start, end), form));
                        }
                    }
                }
            }
            linked.Add(new ExtractedEntity(
                EntityKeys.For(type, names[0]), names[0], type, null, null, null, null,
                names.Skip(1).Select(n => new ExtractedAlias(n, null)).ToList(), [], mentions.OrderBy(m => m.Span.Start).ToList()));
        }
        return new QuoteRun(body, QuoteExtractor.Extract(article, linked), linked);
    }

    /// <summary>The quote whose text starts with <paramref name="prefix"/>.</summary>
    public ExtractedQuote Quote(string prefix) =>
        Assert.Single(Quotes, q => q.Text.StartsWith(prefix, StringComparison.Ordinal));

    public string? SpeakerOf(string prefix) => Quote(prefix).Speaker is { } index ? Entities[index].Name : null;

    private static AnalyzedField Analyze(TextField field, string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        return new AnalyzedField(field, text, tokens, SentenceSplitter.Split(text, tokens), []);
    }

    private static IEnumerable<int> Occurrences(string text, string form)
    {
        for (var i = text.IndexOf(form, StringComparison.Ordinal); i >= 0; i = text.IndexOf(form, i + 1, StringComparison.Ordinal))
        {
            var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var after = i + form.Length >= text.Length || !char.IsLetterOrDigit(text[i + form.Length]);
            if (before && after)
            {
                yield return i;
            }
        }
    }
}
