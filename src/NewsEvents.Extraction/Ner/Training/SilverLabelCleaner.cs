namespace NewsEvents.Extraction.Ner.Training;

/// <summary>
/// Moves silver (tool-made) annotation towards the CoNLL-2003 conventions the tagger is scored by, with general rules
/// over the gazetteers and the corpus itself, never a list of names:
/// <list type="number">
/// <item>a span that is exactly a country name (and not also a demonym) is LOC, whatever the tool said;</item>
/// <item>a span, or a phrase of capitalised words the tool split or left untagged, that is exactly a demonym ("Iraqi",
/// "South Korean") is MISC, and one that is exactly a country name is LOC;</item>
/// <item>a name does not start with a lower-case word ("the Netherlands" is "the" and LOC "Netherlands");</item>
/// <item>a compound of a place or nationality and a lower-case word ("Moscow-backed", "Ontario-based") is MISC, and
/// a name after it starts a span of its own;</item>
/// <item>a span ending in a role noun ("National Security Advisor") is a title, not a name, and a span with a title
/// inside ("Treasury Secretary Timothy Geithner") is split into the title (O) and the person;</item>
/// <item>a single-word span string tagged one way in at least <see cref="MajorityShare"/> of its (≥ <see cref="MajorityMinimum"/>)
/// occurrences takes that type everywhere ("U.N." tagged ORG 418 times and LOC 245 times becomes ORG).</item>
/// </list>
/// </summary>
public static class SilverLabelCleaner
{
    public const double MajorityShare = 0.6;
    public const int MajorityMinimum = 10;

    /// <summary>Nouns that name a role or office; a span ending in one is a title.</summary>
    private static readonly HashSet<string> RoleNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "advisor", "adviser", "minister", "secretary", "president", "chairman", "chairwoman", "spokesman", "spokeswoman",
        "spokesperson", "ambassador", "envoy", "commander", "chief", "director", "governor", "leader", "official",
        "representative", "coordinator", "negotiator", "prosecutor", "correspondent", "premier", "chancellor",
    };

    public static (List<ConllDocument> Documents, int Changed) Clean(IReadOnlyList<ConllDocument> documents)
    {
        var gazetteer = Gazetteer.Default;
        var changed = 0;

        // Majority type of single-token spans.
        var votes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var sentence in documents.SelectMany(d => d.Sentences))
        {
            foreach (var (start, end, type) in BioTags.Spans(sentence.Tags))
            {
                if (end - start == 1)
                {
                    if (!votes.TryGetValue(sentence.Tokens[start], out var counts))
                    {
                        votes[sentence.Tokens[start]] = counts = new int[4];
                    }
                    counts[(int)type]++;
                }
            }
        }
        var majority = new Dictionary<string, EntityType>(StringComparer.Ordinal);
        foreach (var (word, counts) in votes)
        {
            var total = counts.Sum();
            var best = Array.IndexOf(counts, counts.Max());
            if (total >= MajorityMinimum && counts[best] >= MajorityShare * total)
            {
                majority[word] = (EntityType)best;
            }
        }

        var result = new List<ConllDocument>(documents.Count);
        foreach (var document in documents)
        {
            var sentences = new List<ConllSentence>(document.Sentences.Count);
            foreach (var sentence in document.Sentences)
            {
                var tags = (int[])sentence.Tags.Clone();
                changed += StripLowerCaseStarts(sentence.Tokens, tags);
                changed += SplitTitles(sentence.Tokens, tags);
                changed += DropRoleSpans(sentence.Tokens, tags);
                foreach (var (start, end, type) in BioTags.Spans(sentence.Tags))
                {
                    var categories = Categories(gazetteer, sentence.Tokens, start, end);
                    EntityType? relabel = null;
                    if ((categories & GazetteerCategory.Country) != 0 && (categories & GazetteerCategory.Demonym) == 0)
                    {
                        relabel = EntityType.Location;
                    }
                    else if ((categories & GazetteerCategory.Demonym) != 0 && (categories & GazetteerCategory.Country) == 0)
                    {
                        relabel = EntityType.Misc;
                    }
                    else if (end - start == 1 && majority.TryGetValue(sentence.Tokens[start], out var vote))
                    {
                        relabel = vote;
                    }
                    if (relabel is { } r && r != type)
                    {
                        Retag(tags, start, end, r);
                        changed++;
                    }
                }
                changed += RelabelPhrases(gazetteer, sentence.Tokens, tags);
                changed += RelabelHyphenated(gazetteer, sentence.Tokens, tags);
                sentences.Add(new ConllSentence(sentence.Tokens, tags));
            }
            result.Add(new ConllDocument(sentences));
        }
        return (result, changed);
    }

    /// <summary>
    /// A title glued to a name ("Treasury Secretary Timothy Geithner", "U.N. Ambassador Fayssal Mekdad" as one span):
    /// the words after the role noun are the person, the title is no name.
    /// </summary>
    private static int SplitTitles(IReadOnlyList<string> tokens, int[] tags)
    {
        var changed = 0;
        foreach (var (start, end, _) in BioTags.Spans(tags))
        {
            for (var k = end - 2; k > start; k--)
            {
                if (RoleNouns.Contains(tokens[k]) && char.IsUpper(tokens[k + 1][0]))
                {
                    tags.AsSpan(start, k + 1 - start).Clear();
                    tags[k + 1] = BioTags.Begin(EntityType.Person);
                    for (var i = k + 2; i < end; i++)
                    {
                        tags[i] = BioTags.Inside(EntityType.Person);
                    }
                    changed++;
                    break;
                }
            }
        }
        return changed;
    }

    /// <summary>
    /// Titles are not organisations: a span ending in a role noun ("National Security Advisor", "Foreign Minister")
    /// is a job title, and becomes O (a country inside it is found again by the phrase rule that follows).
    /// </summary>
    private static int DropRoleSpans(IReadOnlyList<string> tokens, int[] tags)
    {
        var changed = 0;
        foreach (var (start, end, type) in BioTags.Spans(tags))
        {
            if (type is EntityType.Organization or EntityType.Misc && RoleNouns.Contains(tokens[end - 1]))
            {
                tags.AsSpan(start, end - start).Clear();
                changed++;
            }
        }
        return changed;
    }

    /// <summary>Names start with a capital or a digit in CoNLL: "the Netherlands" is "the" + LOC "Netherlands".</summary>
    private static int StripLowerCaseStarts(IReadOnlyList<string> tokens, int[] tags)
    {
        var changed = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (BioTags.IsBegin(tags[i]) && char.IsLower(tokens[i][0]) && i + 1 < tags.Length && BioTags.IsInside(tags[i + 1]))
            {
                tags[i + 1] = BioTags.Begin(BioTags.TypeOf(tags[i]));
                tags[i] = BioTags.Outside;
                changed++;
            }
        }
        return changed;
    }

    /// <summary>
    /// Demonym and country phrases that the tool split or left out ("South/LOC Korean/MISC", "South/O Korean/MISC") become
    /// one span, when they do not cut through a longer entity.
    /// </summary>
    private static int RelabelPhrases(Gazetteer gazetteer, IReadOnlyList<string> tokens, int[] tags)
    {
        var changed = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (!char.IsUpper(tokens[i][0]) || BioTags.IsInside(tags[i]))
            {
                continue;
            }
            for (var length = Math.Min(Gazetteer.MaxPhraseTokens, tags.Length - i); length >= 1; length--)
            {
                var categories = Categories(gazetteer, tokens, i, i + length);
                var isDemonym = (categories & GazetteerCategory.Demonym) != 0 && (categories & GazetteerCategory.Country) == 0;
                var isCountry = (categories & GazetteerCategory.Country) != 0 && (categories & GazetteerCategory.Demonym) == 0;
                if (!isDemonym && !isCountry)
                {
                    continue;
                }
                // Only when the phrase does not cut into an entity that goes on after it.
                if (i + length < tags.Length && BioTags.IsInside(tags[i + length]))
                {
                    break;
                }
                var type = isDemonym ? EntityType.Misc : EntityType.Location;
                if (tags[i] != BioTags.Begin(type) || Enumerable.Range(i + 1, length - 1).Any(k => tags[k] != BioTags.Inside(type)))
                {
                    Retag(tags, i, i + length, type);
                    changed++;
                }
                i += length - 1;
                break;
            }
        }
        return changed;
    }

    /// <summary>A compound of a place or nationality and a lower-case word ("Moscow-backed", "Ontario-based") is MISC.</summary>
    private static int RelabelHyphenated(Gazetteer gazetteer, IReadOnlyList<string> tokens, int[] tags)
    {
        const GazetteerCategory places = GazetteerCategory.Country | GazetteerCategory.City | GazetteerCategory.Capital
            | GazetteerCategory.Region | GazetteerCategory.Demonym;
        var changed = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            var token = tokens[i];
            var hyphen = token.LastIndexOf('-');
            if (hyphen <= 0 || hyphen == token.Length - 1 || !char.IsUpper(token[0]) || !char.IsLower(token[hyphen + 1])
                || BioTags.IsInside(tags[i]))
            {
                continue;
            }
            var hash = Gazetteer.Extend(0, FeatureHash.OfLower(token.AsSpan(0, hyphen)));
            if ((gazetteer.Lookup(hash) & places) == 0 || tags[i] == BioTags.Begin(EntityType.Misc))
            {
                continue;
            }
            // "Washington-based/B-ORG Human/I-ORG Rights/I-ORG Watch/I-ORG": the compound is MISC, the name after it its own.
            if (i + 1 < tags.Length && BioTags.IsInside(tags[i + 1]))
            {
                tags[i + 1] = BioTags.Begin(BioTags.TypeOf(tags[i + 1]));
            }
            tags[i] = BioTags.Begin(EntityType.Misc);
            changed++;
        }
        return changed;
    }

    private static GazetteerCategory Categories(Gazetteer gazetteer, IReadOnlyList<string> tokens, int start, int end)
    {
        if (end - start > Gazetteer.MaxPhraseTokens)
        {
            return GazetteerCategory.None;
        }
        var hash = 0UL;
        for (var i = start; i < end; i++)
        {
            hash = Gazetteer.Extend(hash, FeatureHash.OfLower(tokens[i]));
        }
        return gazetteer.Lookup(hash);
    }

    private static void Retag(int[] tags, int start, int end, EntityType type)
    {
        tags[start] = BioTags.Begin(type);
        for (var i = start + 1; i < end; i++)
        {
            tags[i] = BioTags.Inside(type);
        }
    }
}
