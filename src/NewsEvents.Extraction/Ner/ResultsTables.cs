using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// Sports results: in a line of scores ("Surrey 429-7", "CHICAGO 72 58 .554"), a place name that is not a country
/// stands for a team, an organisation (national teams keep the country's type, as in CoNLL-2003). The annotated
/// corpora have almost no results tables, so the model cannot learn this; the document-consistency pass then carries
/// the team reading to the other mentions in the report.
/// </summary>
internal static class ResultsTables
{
    /// <summary>Retags place names in results lines as teams; returns which tokens it retagged.</summary>
    public static bool[] Apply(DocumentView doc, int[] tags, Gazetteer gazetteer)
    {
        var teams = new bool[tags.Length];
        foreach (var sentence in doc.Sentences)
        {
            if (!IsResultsLine(doc, sentence))
            {
                continue;
            }
            foreach (var (start, end, type) in BioTags.Spans(tags.AsSpan(sentence.TokenStart, sentence.TokenCount)))
            {
                if (type != EntityType.Location)
                {
                    continue;
                }
                var from = sentence.TokenStart + start;
                var to = sentence.TokenStart + end;
                var hash = 0UL;
                for (var i = from; i < to && to - from <= Gazetteer.MaxPhraseTokens; i++)
                {
                    hash = Gazetteer.Extend(hash, doc.LowerHash[i]);
                }
                if ((gazetteer.Lookup(hash) & GazetteerCategory.Country) != 0)
                {
                    continue;
                }
                tags[from] = BioTags.Begin(EntityType.Organization);
                teams[from] = true;
                for (var i = from + 1; i < to; i++)
                {
                    tags[i] = BioTags.Inside(EntityType.Organization);
                }
            }
        }
        return teams;
    }

    /// <summary>At least two scores, and scores are a quarter of the tokens or more (dates do not count).</summary>
    private static bool IsResultsLine(DocumentView doc, Sentence sentence)
    {
        var numbers = 0;
        for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
        {
            if (doc.Tokens[i].Kind == TokenKind.Number && !IsDate(doc.Forms[i]))
            {
                numbers++;
            }
        }
        return numbers >= 2 && numbers * 4 >= sentence.TokenCount;
    }

    /// <summary>1996-08-30, 30/08/1996, 08.30.96 and the like.</summary>
    private static bool IsDate(string form)
    {
        var separators = 0;
        foreach (var c in form)
        {
            if (c is '-' or '/' or '.')
            {
                separators++;
            }
        }
        return separators == 2 && form.Length >= 8 && form.Length <= 10;
    }
}
