namespace NewsEvents.Extraction.Ner.Training;

/// <summary>A sentence of an annotated corpus: tokens and their IOB2 tag ids.</summary>
public sealed record ConllSentence(IReadOnlyList<string> Tokens, int[] Tags);

/// <summary>A document of an annotated corpus (or a run of consecutive sentences where the corpus marks no documents).</summary>
public sealed record ConllDocument(IReadOnlyList<ConllSentence> Sentences);

/// <summary>
/// Reads CoNLL-format NER data: one token a line with the tag in the last column (tab- or space-separated; CoNLL-2003's
/// "token POS chunk tag" and the "token TAB tag" files alike), a blank line between sentences, and "-DOCSTART-" lines
/// between documents. IOB1 and IOB2 are both read into IOB2; classes other than PER, ORG, LOC and MISC become O.
/// </summary>
public static class ConllReader
{
    /// <summary>Sentences per pseudo-document when the file marks no documents.</summary>
    public const int SentencesPerPseudoDocument = 20;

    public static List<ConllDocument> Read(TextReader reader)
    {
        var documents = new List<ConllDocument>();
        var sentences = new List<ConllSentence>();
        var tokens = new List<string>();
        var tags = new List<string>();
        var sawDocStart = false;

        void EndSentence()
        {
            if (tokens.Count > 0)
            {
                sentences.Add(new ConllSentence(tokens.ToArray(), BioTags.FromConll(tags)));
                tokens.Clear();
                tags.Clear();
            }
        }

        void EndDocument()
        {
            EndSentence();
            if (sentences.Count > 0)
            {
                documents.Add(new ConllDocument(sentences.ToArray()));
                sentences.Clear();
            }
        }

        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("-DOCSTART-", StringComparison.Ordinal))
            {
                sawDocStart = true;
                EndDocument();
                continue;
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                EndSentence();
                if (!sawDocStart && sentences.Count >= SentencesPerPseudoDocument)
                {
                    EndDocument();
                }
                continue;
            }
            var columns = line.Split(line.Contains('\t', StringComparison.Ordinal) ? '\t' : ' ', StringSplitOptions.RemoveEmptyEntries);
            tokens.Add(columns[0]);
            tags.Add(columns.Length > 1 ? columns[^1] : "O");
        }
        EndDocument();
        return documents;
    }

    public static List<ConllDocument> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader);
    }
}
