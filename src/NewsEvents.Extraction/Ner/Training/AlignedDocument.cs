using System.Text;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Ner.Training;

/// <summary>
/// An annotated document turned back into text the way the tagger sees real text: tokens joined by spaces, sentences by
/// line breaks, then tokenised and split by <see cref="Tokenizer"/> and <see cref="SentenceSplitter"/>. Gold tags are
/// projected onto those tokens; predictions are mapped back onto the corpus tokens by character offsets.
/// </summary>
public sealed class AlignedDocument
{
    private AlignedDocument(string text, (int Start, int End)[] goldTokens, int[] goldTags, List<Token> tokens, List<Sentence> sentences, int[] tokenTags, int[] owner)
    {
        Text = text;
        GoldTokens = goldTokens;
        GoldTags = goldTags;
        Tokens = tokens;
        Sentences = sentences;
        TokenTags = tokenTags;
        Owner = owner;
    }

    public string Text { get; }

    /// <summary>Character ranges of the corpus tokens.</summary>
    public (int Start, int End)[] GoldTokens { get; }

    /// <summary>Gold IOB2 tags of the corpus tokens.</summary>
    public int[] GoldTags { get; }

    /// <summary>Sentence boundaries in corpus tokens (first token index of each sentence, plus the count at the end).</summary>
    public List<int> GoldSentenceStarts { get; } = [];

    public List<Token> Tokens { get; }

    public List<Sentence> Sentences { get; }

    /// <summary>Gold IOB2 tags projected onto <see cref="Tokens"/>.</summary>
    public int[] TokenTags { get; }

    /// <summary>The corpus token each of <see cref="Tokens"/> lies in.</summary>
    public int[] Owner { get; }

    public static AlignedDocument Create(ConllDocument document)
    {
        var builder = new StringBuilder();
        var ranges = new List<(int, int)>();
        var tags = new List<int>();
        var sentenceStarts = new List<int>();
        foreach (var sentence in document.Sentences)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }
            sentenceStarts.Add(ranges.Count);
            for (var i = 0; i < sentence.Tokens.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(' ');
                }
                var start = builder.Length;
                builder.Append(sentence.Tokens[i]);
                ranges.Add((start, builder.Length));
                tags.Add(sentence.Tags[i]);
            }
        }
        sentenceStarts.Add(ranges.Count);
        var text = builder.ToString();
        var tokens = Tokenizer.Tokenize(text);
        var sentences = SentenceSplitter.Split(text, tokens);
        var owner = new int[tokens.Count];
        var tokenTags = new int[tokens.Count];
        var g = 0;
        for (var t = 0; t < tokens.Count; t++)
        {
            while (g < ranges.Count - 1 && ranges[g].Item2 <= tokens[t].Start)
            {
                g++;
            }
            owner[t] = g;
            var gold = tags[g];
            var firstPiece = t == 0 || owner[t - 1] != g;
            tokenTags[t] = gold == BioTags.Outside ? BioTags.Outside
                : firstPiece ? gold
                : BioTags.Inside(BioTags.TypeOf(gold));
        }
        var aligned = new AlignedDocument(text, [.. ranges], [.. tags], tokens, sentences, tokenTags, owner);
        aligned.GoldSentenceStarts.AddRange(sentenceStarts);
        return aligned;
    }

    /// <summary>Maps entity spans found in <see cref="Text"/> onto IOB2 tags of the corpus tokens (first span wins a token).</summary>
    public int[] ProjectSpans(IReadOnlyList<EntitySpan> spans)
    {
        var result = new int[GoldTokens.Length];
        var taken = new bool[GoldTokens.Length];
        var g = 0;
        foreach (var span in spans)
        {
            while (g < GoldTokens.Length && GoldTokens[g].End <= span.Start)
            {
                g++;
            }
            var first = true;
            for (var k = g; k < GoldTokens.Length && GoldTokens[k].Start < span.End; k++)
            {
                if (taken[k])
                {
                    continue;
                }
                taken[k] = true;
                result[k] = first ? BioTags.Begin(span.Type) : BioTags.Inside(span.Type);
                first = false;
            }
        }
        return result;
    }
}
