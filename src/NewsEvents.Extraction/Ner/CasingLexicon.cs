using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// How words are usually written in running text (lower-case key → preferred form), learned from the training
/// corpora and stored in the model file. It restores the case of upper-case headlines ("LEICESTERSHIRE TAKE OVER")
/// and tells a capitalised common word at the start of a sentence from a name.
/// </summary>
internal sealed class CasingLexicon
{
    private readonly Dictionary<string, string> _forms;

    public CasingLexicon(Dictionary<string, string> forms) => _forms = forms;

    public int Count => _forms.Count;

    public IEnumerable<KeyValuePair<string, string>> Entries => _forms;

    public bool TryGetForm(string lower, out string form)
    {
        if (_forms.TryGetValue(lower, out var found))
        {
            form = found;
            return true;
        }
        form = lower;
        return false;
    }

    /// <summary>
    /// Counts the forms of every word in mixed-case sentences, away from the start of the sentence, and keeps words
    /// seen at least <paramref name="minCount"/> times with their most frequent form.
    /// </summary>
    public static CasingLexicon Build(IEnumerable<(string Text, List<Token> Tokens, List<Sentence> Sentences)> documents, int minCount)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (text, tokens, sentences) in documents)
        {
            foreach (var sentence in sentences)
            {
                if (FeatureExtractor.DetectCase(text, tokens, sentence) != SentenceCase.Normal)
                {
                    continue;
                }
                var seenWord = false;
                for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
                {
                    var token = tokens[i];
                    if (token.Kind != TokenKind.Word)
                    {
                        seenWord |= token.Kind == TokenKind.Number;
                        continue;
                    }
                    if (seenWord)
                    {
                        var form = token.GetText(text);
                        var lower = form.ToLowerInvariant();
                        if (!counts.TryGetValue(lower, out var forms))
                        {
                            counts[lower] = forms = new Dictionary<string, int>(StringComparer.Ordinal);
                        }
                        forms[form] = forms.GetValueOrDefault(form) + 1;
                    }
                    seenWord = true;
                }
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (lower, forms) in counts)
        {
            if (forms.Values.Sum() >= minCount)
            {
                result[lower] = forms.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key;
            }
        }
        return new CasingLexicon(result);
    }
}
