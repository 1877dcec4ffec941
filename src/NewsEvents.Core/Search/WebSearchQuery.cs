using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace NewsEvents.Core.Search;

/// <summary>
/// PostgreSQL's websearch syntax (the API's contract) as a Lucene query: words are all required, "quoted words" form a
/// phrase, <c>or</c> between two operands makes either do, <c>-word</c> or <c>-"phrase"</c> excludes; each operand
/// matches in any of the fields, each field with its boost. Nothing else is syntax (no field:, wildcards or
/// parentheses), so no input can fail to parse; words the analyser drops (stop words, punctuation) are left out, as
/// websearch_to_tsquery leaves them out.
/// </summary>
/// <param name="MarkedTerms">The analysed terms of the wanted operands (not of excluded ones): what a snippet marks.</param>
internal sealed record WebSearchQuery(Query Query, IReadOnlySet<string> MarkedTerms)
{
    public static WebSearchQuery Parse(string text, Analyzer analyzer, IReadOnlyDictionary<string, float> fieldBoosts)
    {
        var wanted = new List<Query>();
        var excluded = new List<Query>();
        var marked = new HashSet<string>(StringComparer.Ordinal);
        var or = false;
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var negated = text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
            if (negated)
            {
                i++;
            }
            string operand;
            var quoted = text[i] == '"';
            if (quoted)
            {
                // An unclosed quote runs to the end, as in websearch_to_tsquery.
                var close = text.IndexOf('"', i + 1);
                operand = close < 0 ? text[(i + 1)..] : text[(i + 1)..close];
                i = close < 0 ? text.Length : close + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
                {
                    i++;
                }
                operand = text[start..i];
                if (!negated && operand.Equals("or", StringComparison.OrdinalIgnoreCase))
                {
                    or = wanted.Count > 0;
                    continue;
                }
            }
            if (Operand(operand, analyzer, fieldBoosts, negated ? null : marked) is not { } query)
            {
                continue;
            }
            if (negated)
            {
                excluded.Add(query);
            }
            else if (or)
            {
                wanted[^1] = new BooleanQuery { { wanted[^1], Occur.SHOULD }, { query, Occur.SHOULD } };
            }
            else
            {
                wanted.Add(query);
            }
            or = false;
        }

        var all = new BooleanQuery();
        foreach (var query in wanted)
        {
            all.Add(query, Occur.MUST);
        }
        if (wanted.Count == 0 && excluded.Count > 0)
        {
            // "-word" alone: every article without it, as PostgreSQL's !'word' matches.
            all.Add(new MatchAllDocsQuery(), Occur.MUST);
        }
        foreach (var query in excluded)
        {
            all.Add(query, Occur.MUST_NOT);
        }
        return new WebSearchQuery(all, marked);
    }

    /// <summary>
    /// The passage of about <paramref name="length"/> characters of <paramref name="body"/> holding the most marked terms,
    /// HTML-escaped with them in &lt;mark&gt; (as <see cref="Highlight.ToHtml"/> does for ts_headline): the snippet made in
    /// this process from the analyser's offsets. Without a marked term, the body's lead.
    /// </summary>
    public string Snippet(Analyzer analyzer, string field, string body, int length)
    {
        var hits = new List<(int Start, int End)>();
        using (var stream = analyzer.GetTokenStream(field, body))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                if (MarkedTerms.Contains(term.ToString()))
                {
                    hits.Add((offset.StartOffset, offset.EndOffset));
                }
            }
            stream.End();
        }
        if (hits.Count == 0)
        {
            return Highlight.Lead(body, length);
        }
        // The window starting at a hit that covers the most hits; ties go to the earliest.
        var (best, most, last) = (0, 0, 0);
        for (var first = 0; first < hits.Count; first++)
        {
            while (last < hits.Count && hits[last].End - hits[first].Start <= length)
            {
                last++;
            }
            if (last - first > most)
            {
                (best, most) = (first, last - first);
            }
        }
        // A little context before the first hit, cut at word boundaries.
        var start = hits[best].Start <= length / 4 ? 0 : body.LastIndexOf(' ', hits[best].Start - length / 4) + 1;
        var end = start + length >= body.Length ? body.Length : body.IndexOf(' ', start + length) is var space and > 0 ? space : body.Length;
        var marked = new StringBuilder(start > 0 ? "… " : "");
        var at = start;
        foreach (var (hitStart, hitEnd) in hits.Where(hit => hit.Start >= start && hit.End <= end))
        {
            marked.Append(body, at, hitStart - at)
                .Append(string.Concat(Highlight.StartSentinel, body.AsSpan(hitStart, hitEnd - hitStart), Highlight.StopSentinel));
            at = hitEnd;
        }
        marked.Append(body, at, end - at).Append(end < body.Length ? " …" : "");
        return Highlight.ToHtml(marked.ToString());
    }

    /// <summary>A word or phrase in any of the fields (a phrase when it analyses to several terms); null when nothing is left of it.</summary>
    private static BooleanQuery? Operand(string operand, Analyzer analyzer, IReadOnlyDictionary<string, float> fieldBoosts, HashSet<string>? marked)
    {
        var perField = new BooleanQuery();
        foreach (var (field, boost) in fieldBoosts)
        {
            var terms = new List<(string Term, int Position)>();
            using (var stream = analyzer.GetTokenStream(field, operand))
            {
                var term = stream.AddAttribute<ICharTermAttribute>();
                var increment = stream.AddAttribute<IPositionIncrementAttribute>();
                stream.Reset();
                var position = -1;
                while (stream.IncrementToken())
                {
                    position += increment.PositionIncrement;
                    terms.Add((term.ToString(), position));
                }
                stream.End();
            }
            if (terms.Count == 0)
            {
                return null;
            }
            Query query;
            if (terms.Count == 1)
            {
                query = new TermQuery(new Term(field, terms[0].Term));
            }
            else
            {
                // Positions keep the gaps of dropped stop words: "bank of japan" matches "bank of japan", not "bank japan".
                var phrase = new PhraseQuery();
                foreach (var (term, position) in terms)
                {
                    phrase.Add(new Term(field, term), position);
                }
                query = phrase;
            }
            query.Boost = boost;
            perField.Add(query, Occur.SHOULD);
            marked?.UnionWith(terms.Select(t => t.Term));
        }
        return perField;
    }
}
