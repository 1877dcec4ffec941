using System.Globalization;
using System.Text;

namespace NewsEvents.Extraction.Ner.Training;

/// <summary>Span counts for one entity type.</summary>
public sealed record TypeScore(string Type, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public int Gold => TruePositives + FalseNegatives;
}

/// <summary>Precision, recall and F1 per type and micro-averaged, exact span and type match (the CoNLL scorer's rule).</summary>
public sealed record NerScore(IReadOnlyList<TypeScore> Types, TypeScore Micro)
{
    public string Format()
    {
        var builder = new StringBuilder();
        builder.AppendLine(CultureInfo.InvariantCulture, $"{"type",-6} {"gold",6} {"pred",6} {"P",7} {"R",7} {"F1",7}");
        foreach (var score in Types.Append(Micro))
        {
            builder.AppendLine(CultureInfo.InvariantCulture,
                $"{score.Type,-6} {score.Gold,6} {score.TruePositives + score.FalsePositives,6} {score.Precision,7:P2} {score.Recall,7:P2} {score.F1,7:P2}");
        }
        return builder.ToString();
    }
}

/// <summary>
/// Scores a tagger on annotated documents through the same path as real text: each document is rebuilt as text,
/// tagged with <see cref="NerTagger.Tag(string)"/>, and the spans found are mapped back onto the corpus tokens.
/// </summary>
public static class NerEvaluation
{
    public static NerScore Evaluate(NerTagger tagger, IEnumerable<ConllDocument> documents) =>
        Evaluate(tagger.Tag, documents);

    /// <summary>Scores whatever finds entity spans in a text (the tagger alone, or the whole extractor).</summary>
    public static NerScore Evaluate(Func<string, IReadOnlyList<EntitySpan>> findSpans, IEnumerable<ConllDocument> documents)
    {
        var counts = new int[Enum.GetValues<EntityType>().Length, 3];
        foreach (var document in documents)
        {
            var aligned = AlignedDocument.Create(document);
            var predicted = aligned.ProjectSpans(findSpans(aligned.Text));
            for (var s = 0; s + 1 < aligned.GoldSentenceStarts.Count; s++)
            {
                var from = aligned.GoldSentenceStarts[s];
                var length = aligned.GoldSentenceStarts[s + 1] - from;
                Count(aligned.GoldTags.AsSpan(from, length), predicted.AsSpan(from, length), counts);
            }
        }
        return ToScore(counts);
    }

    /// <summary>Adds the span matches of one sentence to per-type (true positive, false positive, false negative) counts.</summary>
    public static void Count(ReadOnlySpan<int> gold, ReadOnlySpan<int> predicted, int[,] counts)
    {
        var goldSpans = BioTags.Spans(gold);
        var predictedSpans = BioTags.Spans(predicted).ToHashSet();
        foreach (var span in goldSpans)
        {
            if (predictedSpans.Remove(span))
            {
                counts[(int)span.Type, 0]++;
            }
            else
            {
                counts[(int)span.Type, 2]++;
            }
        }
        foreach (var span in predictedSpans)
        {
            counts[(int)span.Type, 1]++;
        }
    }

    public static NerScore ToScore(int[,] counts)
    {
        var types = new List<TypeScore>();
        int tp = 0, fp = 0, fn = 0;
        foreach (var type in Enum.GetValues<EntityType>())
        {
            var t = (int)type;
            types.Add(new TypeScore(BioTags.ConllName(type), counts[t, 0], counts[t, 1], counts[t, 2]));
            tp += counts[t, 0];
            fp += counts[t, 1];
            fn += counts[t, 2];
        }
        return new NerScore(types, new TypeScore("micro", tp, fp, fn));
    }
}
