namespace NewsEvents.Core.Stories;

/// <summary>An article being assigned: its entities with their IDF-like weights, and its key terms.</summary>
internal sealed record ArticleToAssign(
    Guid Id, DateTimeOffset Published, Guid? Previous, Guid? DuplicateOf, Guid? GroupStory, string[] Terms, Dictionary<Guid, double> Weights)
{
    public double Norm { get; } = Math.Sqrt(Weights.Values.Sum(weight => weight * weight));
}

/// <summary>
/// A story as matching sees it while a batch is assigned: its span, key terms and centroid (each entity's count among
/// the members, and its weight), kept up to date in memory as the batch's articles join it.
/// </summary>
internal sealed class StoryCentroid(Guid id, bool started, int articleCount, DateTimeOffset first, DateTimeOffset last, string[] keyTerms,
    Dictionary<Guid, (int Articles, double Weight)> entities)
{
    private readonly Dictionary<string, int> _termCounts = new(StringComparer.Ordinal);

    public Guid Id => id;

    /// <summary>Started by this batch: written as a new row, and its key terms known in full from its members here.</summary>
    public bool Started => started;

    public IReadOnlyCollection<string> KeyTerms => keyTerms;

    /// <summary>
    /// The cosine of the article's entity weights and this centroid (each entity's weight times the share of members
    /// mentioning it), or null when the story is no candidate: outside the window or sharing too few entities.
    /// </summary>
    public double? EntityCosine(ArticleToAssign article, TimeSpan window, int minSharedEntities)
    {
        if (last < article.Published - window || first > article.Published + window)
        {
            return null;
        }
        var (shared, dot, norm) = (0, 0.0, 0.0);
        foreach (var (entity, (articles, weight)) in entities)
        {
            var centroid = weight * articles / Math.Max(articleCount, 1);
            norm += centroid * centroid;
            if (article.Weights.TryGetValue(entity, out var articleWeight))
            {
                (shared, dot) = (shared + 1, dot + (centroid * articleWeight));
            }
        }
        if (shared < minSharedEntities)
        {
            return null;
        }
        var denominator = Math.Sqrt(norm) * article.Norm;
        return denominator == 0 ? 0 : dot / denominator;
    }

    /// <summary>
    /// Counts the article in. A story this batch started takes its key terms from its members (the most frequent
    /// first, as the stored recount orders them); an older one keeps its stored key terms until the batch is written.
    /// </summary>
    public void Add(ArticleToAssign article)
    {
        articleCount++;
        (first, last) = (article.Published < first ? article.Published : first, article.Published > last ? article.Published : last);
        foreach (var (entity, weight) in article.Weights)
        {
            entities[entity] = (entities.GetValueOrDefault(entity).Articles + 1, weight);
        }
        if (started)
        {
            foreach (var term in article.Terms)
            {
                _termCounts[term] = _termCounts.GetValueOrDefault(term) + 1;
            }
            keyTerms = [.. _termCounts.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(StoryClusterer.KeyTermsPerStory).Select(t => t.Key)];
        }
    }
}
