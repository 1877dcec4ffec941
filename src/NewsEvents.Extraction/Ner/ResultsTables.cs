using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// Sports results: in a line of scores ("Surrey 429-7", "CHICAGO 72 58 .554"), a place name that is not a country
/// stands for a team, an organisation (national teams keep the country's type, as in CoNLL-2003). So do name words the
/// model left untagged right before a score ("Stoke 4 3 1 0 7 4 10", "Harlequins 75 Gloucester 19"), and a one-word
/// "person" ("Lotte 6 Hyundai 2"): tables name players with a given name or an initial ("C. Lewis 80"), so a lone
/// name there is a club, unless the document uses it as a person's surname elsewhere ("Sampras" after "Pete
/// Sampras"). The annotated corpora have almost no results tables, so the model cannot learn this; the
/// document-consistency pass then carries the team reading to the other mentions in the report.
/// </summary>
internal static class ResultsTables
{
    /// <summary>Retags the names of results lines that stand for teams; returns where it tagged clubs.</summary>
    public static bool[] Apply(DocumentView doc, int[] tags, Gazetteer gazetteer)
    {
        var teams = new bool[tags.Length];
        HashSet<string>? surnames = null;
        foreach (var sentence in doc.Sentences)
        {
            if (!IsResultsLine(doc, sentence))
            {
                continue;
            }
            foreach (var (start, end, type) in BioTags.Spans(tags.AsSpan(sentence.TokenStart, sentence.TokenCount)))
            {
                var from = sentence.TokenStart + start;
                var to = sentence.TokenStart + end;
                if (type == EntityType.Person && to - from == 1)
                {
                    surnames ??= Surnames(doc, tags);
                    if (!surnames.Contains(doc.Lowers[from]))
                    {
                        Retag(tags, teams, from, to, EntityType.Organization);
                    }
                    continue;
                }
                if (type != EntityType.Location)
                {
                    continue;
                }
                var hash = 0UL;
                for (var i = from; i < to && to - from <= Gazetteer.MaxPhraseTokens; i++)
                {
                    hash = Gazetteer.Extend(hash, doc.LowerHash[i]);
                }
                if ((gazetteer.Lookup(hash) & GazetteerCategory.Country) == 0)
                {
                    Retag(tags, teams, from, to, EntityType.Organization);
                }
            }
            TagUntaggedTeams(doc, tags, teams, sentence, gazetteer);
        }
        return teams;
    }

    /// <summary>
    /// A run of untagged name words followed by a score is a team: a country's (LOC) or a club (ORG). A score is a whole
    /// number or a pair ("4", "429-7") followed by another number, a name or the end of the line, which keeps out the
    /// lines of company results ("Shr 35 cts vs 40 cts", "Revs 12.3 mln").
    /// </summary>
    private static void TagUntaggedTeams(DocumentView doc, int[] tags, bool[] teams, Sentence sentence, Gazetteer gazetteer)
    {
        for (var i = sentence.TokenStart; i < sentence.TokenEnd; i++)
        {
            var end = i;
            var hash = 0UL;
            while (end < sentence.TokenEnd && end - i < Gazetteer.MaxPhraseTokens && tags[end] == BioTags.Outside && DocumentConsistency.IsNameWord(doc, end))
            {
                hash = Gazetteer.Extend(hash, doc.LowerHash[end]);
                end++;
            }
            if (end > i && IsScore(doc, sentence, end))
            {
                var country = (gazetteer.Lookup(hash) & GazetteerCategory.Country) != 0;
                Retag(tags, teams, i, end, country ? EntityType.Location : EntityType.Organization);
            }
            i = end;
        }
    }

    /// <summary>Tags tokens from..to as one team of <paramref name="type"/>; a club (ORG) is marked for the consistency pass.</summary>
    private static void Retag(int[] tags, bool[] teams, int from, int to, EntityType type)
    {
        tags[from] = BioTags.Begin(type);
        teams[from] = type == EntityType.Organization;
        for (var i = from + 1; i < to; i++)
        {
            tags[i] = BioTags.Inside(type);
        }
    }

    /// <summary>The last words (lower case) of the document's people named with two words or more.</summary>
    private static HashSet<string> Surnames(DocumentView doc, int[] tags)
    {
        var surnames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in doc.Sentences)
        {
            foreach (var (start, end, type) in BioTags.Spans(tags.AsSpan(sentence.TokenStart, sentence.TokenCount)))
            {
                if (type == EntityType.Person && end - start >= 2)
                {
                    surnames.Add(doc.Lowers[sentence.TokenStart + end - 1]);
                }
            }
        }
        return surnames;
    }

    private static bool IsScore(DocumentView doc, Sentence sentence, int i)
    {
        if (i == sentence.TokenEnd || doc.Tokens[i].Kind != TokenKind.Number)
        {
            return false;
        }
        var form = doc.Forms[i];
        var dash = form.IndexOf('-', StringComparison.Ordinal);
        if (!IsDigits(dash < 0 ? form : form[..dash]) || dash >= 0 && !IsDigits(form[(dash + 1)..]))
        {
            return false;
        }
        return i + 1 == sentence.TokenEnd || doc.Tokens[i + 1].Kind == TokenKind.Number || DocumentConsistency.IsNameWord(doc, i + 1);
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

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
