using NewsEvents.Extraction.Ner.Training;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Evaluation;

/// <param name="Mentions">Precision, recall and F1 per type and micro-averaged: the same field, offsets and type.</param>
/// <param name="Linked">Gold mentions found at their offsets whose entity goes by one of the gold entity's names (and kind).</param>
/// <param name="Misses">Gold mentions missed or mistyped, and mentions found that the gold does not have.</param>
public sealed record EntityEvaluation(NerScore Mentions, int Linked, int Gold, IReadOnlyList<string> Misses, IReadOnlyList<string> WrongLinks)
{
    public double LinkAccuracy => Gold == 0 ? 0 : (double)Linked / Gold;
}

/// <param name="Matched">Gold quotes an extracted quote covers more than half of.</param>
/// <param name="Right">Of those, the ones with the gold speaker (or none when the gold has none) and directness.</param>
/// <param name="Extracted">Quotes the extractor found; those matching no gold quote are spurious.</param>
public sealed record QuoteEvaluation(int Gold, int Matched, int Right, int Extracted, int Spurious, IReadOnlyList<string> Misses)
{
    public double SpeakerAccuracy => Gold == 0 ? 0 : (double)Right / Gold;

    public double Precision => Extracted == 0 ? 1 : (double)(Extracted - Spurious) / Extracted;
}

/// <param name="Right">Extracted events that match a gold event.</param>
/// <param name="Found">Gold events matched by at least one extracted event.</param>
/// <param name="ModalityRight">Of the right events, those whose modality the gold accepts.</param>
public sealed record EventEvaluation(int Extracted, int Right, int Gold, int Found, int ModalityRight, IReadOnlyList<string> Misses)
{
    public double Precision => Extracted == 0 ? 1 : (double)Right / Extracted;

    public double Recall => Gold == 0 ? 0 : (double)Found / Gold;

    public double ModalityAccuracy => Right == 0 ? 0 : (double)ModalityRight / Right;
}

/// <summary>What the extractor got right on one gold text; a part is null when the text has no annotation of that kind.</summary>
public sealed record GoldScore(string Name, EntityEvaluation? Entities, QuoteEvaluation? Quotes, EventEvaluation? Events)
{
    /// <summary>The measures that floors are recorded for (Gold/floors.json), by name.</summary>
    public IReadOnlyDictionary<string, double> Measures()
    {
        var measures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (Entities is { } entities)
        {
            measures["entities.precision"] = entities.Mentions.Micro.Precision;
            measures["entities.recall"] = entities.Mentions.Micro.Recall;
            measures["entities.f1"] = entities.Mentions.Micro.F1;
            measures["entities.linked"] = entities.LinkAccuracy;
        }
        if (Quotes is { } quotes)
        {
            measures["quotes.speaker"] = quotes.SpeakerAccuracy;
            measures["quotes.precision"] = quotes.Precision;
        }
        if (Events is { } events)
        {
            measures["events.precision"] = events.Precision;
            measures["events.recall"] = events.Recall;
            measures["events.modality"] = events.ModalityAccuracy;
        }
        return measures;
    }
}

/// <summary>
/// Scores the whole extractor against texts annotated by hand (<see cref="GoldText"/>): entity mentions by exact span
/// and type, the entity each links to, quote speakers, and events.
/// </summary>
public static class GoldEvaluation
{
    public static GoldScore Evaluate(ArticleExtractor extractor, GoldText gold)
    {
        var result = extractor.Extract(gold.Title, gold.Body, gold.PublishedAt);
        return new GoldScore(
            gold.Name,
            gold.Entities is { } entities ? ScoreEntities(gold, entities, result) : null,
            gold.Quotes is { } quotes ? ScoreQuotes(gold, quotes, result) : null,
            gold.Events is { } events ? ScoreEvents(events, result) : null);
    }

    /// <summary>The entity types in the order scores list them, with their short names.</summary>
    public static IReadOnlyList<(EntityType Type, string Name)> Types { get; } =
        [(EntityType.Person, "PER"), (EntityType.Organization, "ORG"), (EntityType.Location, "LOC"), (EntityType.Group, "GROUP"), (EntityType.Other, "OTHER")];

    public static EntityEvaluation ScoreEntities(GoldText text, GoldEntities gold, ExtractionResult result)
    {
        var byId = gold.Entities.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var predicted = new Dictionary<(TextField, int, int), ExtractedEntity>();
        foreach (var entity in result.Entities)
        {
            foreach (var mention in entity.Mentions)
            {
                predicted.TryAdd((mention.Span.Field, mention.Span.Start, mention.Span.End), entity);
            }
        }
        var counts = new int[Types.Count, 3];
        var misses = new List<string>();
        var wrongLinks = new List<string>();
        var linked = 0;
        var goldTypes = new Dictionary<(TextField, int, int), EntityType>();
        foreach (var mention in gold.Mentions)
        {
            var entity = byId.GetValueOrDefault(mention.Entity) ?? throw new InvalidDataException($"{text.Name}: no gold entity '{mention.Entity}'");
            if (text[mention.Field].AsSpan()[mention.Start..mention.End].ToString() != mention.Text)
            {
                throw new InvalidDataException($"{text.Name}: '{mention.Text}' is not the text at {mention.Field} {mention.Start}-{mention.End}");
            }
            var span = (mention.Field, mention.Start, mention.End);
            goldTypes[span] = entity.Type;
            var found = predicted.GetValueOrDefault(span);
            if (found?.Type == entity.Type)
            {
                counts[TypeIndex(entity.Type), 0]++;
            }
            else
            {
                counts[TypeIndex(entity.Type), 2]++;
                misses.Add($"missed {Describe(mention)} {entity.Type}" + (found is null ? "" : $" (found as {found.Type})"));
            }
            if (found is not null && IsNamed(found, entity.Names) && (entity.Kind is null || entity.Kind == found.Kind))
            {
                linked++;
            }
            else if (found is not null)
            {
                wrongLinks.Add($"{Describe(mention)} → {found.Name} ({found.Type}{(found.Kind is { } kind ? "/" + kind : "")}), not {entity.Names[0]}");
            }
        }
        foreach (var ((field, start, end), entity) in predicted.OrderBy(p => p.Key))
        {
            var inGold = goldTypes.TryGetValue((field, start, end), out var goldType);
            if (!inGold || goldType != entity.Type)
            {
                counts[TypeIndex(entity.Type), 1]++;
            }
            if (!inGold)
            {
                misses.Add($"spurious {field} {start}-{end} \"{text[field][start..end]}\" {entity.Type}");
            }
        }
        var scores = Types.Select((t, i) => new TypeScore(t.Name, counts[i, 0], counts[i, 1], counts[i, 2])).ToList();
        var micro = new TypeScore("micro", scores.Sum(s => s.TruePositives), scores.Sum(s => s.FalsePositives), scores.Sum(s => s.FalseNegatives));
        return new EntityEvaluation(new NerScore(scores, micro), linked, gold.Mentions.Count, misses, wrongLinks);
    }

    public static QuoteEvaluation ScoreQuotes(GoldText text, IReadOnlyList<GoldQuote> gold, ExtractionResult result)
    {
        var matched = new HashSet<ExtractedQuote>();
        var misses = new List<string>();
        int found = 0, right = 0;
        foreach (var quote in gold)
        {
            var start = text[quote.Field].IndexOf(quote.Text, StringComparison.Ordinal);
            if (start < 0)
            {
                throw new InvalidDataException($"{text.Name}: gold quote not in the text: {quote.Text}");
            }
            var end = start + quote.Text.Length;
            var extracted = result.Quotes.FirstOrDefault(q => q.Span.Field == quote.Field && Overlap(q.Span, start, end) * 2 > quote.Text.Length);
            if (extracted is null)
            {
                misses.Add($"no quote for \"{Clip(quote.Text)}\"");
                continue;
            }
            found++;
            matched.Add(extracted);
            var speakerRight = quote.Speaker is null ? extracted.Speaker is null : extracted.Speaker is { } s && IsNamed(result.Entities[s], [quote.Speaker]);
            if (speakerRight && extracted.IsDirect == quote.Direct)
            {
                right++;
            }
            else
            {
                misses.Add($"\"{Clip(quote.Text)}\": expected {quote.Speaker ?? "nobody"}{(quote.Direct ? "" : ", reported")}, "
                    + $"got {(extracted.Speaker is { } i ? result.Entities[i].Name : "nobody")}{(extracted.IsDirect ? "" : ", reported")}");
            }
        }
        var spurious = result.Quotes.Where(q => !matched.Contains(q)).ToList();
        misses.AddRange(spurious.Select(q => $"spurious quote \"{Clip(q.Text)}\""));
        return new QuoteEvaluation(gold.Count, found, right, result.Quotes.Count, spurious.Count, misses);
    }

    /// <summary>
    /// An extracted event is right when a gold event has its sentence, CAMEO root, actor and (if the gold names one)
    /// target, each participant going by any name, alias or mention of the entity.
    /// </summary>
    public static EventEvaluation ScoreEvents(IReadOnlyList<GoldEvent> gold, ExtractionResult result)
    {
        var found = new HashSet<GoldEvent>();
        var misses = new List<string>();
        int right = 0, modalityRight = 0;
        foreach (var extracted in result.Events)
        {
            var match = gold.FirstOrDefault(g => Matches(result, extracted, g));
            if (match is null)
            {
                misses.Add($"wrong event {Describe(result, extracted)}");
                continue;
            }
            right++;
            found.Add(match);
            if (match.Modality.Contains(extracted.Modality.ToString(), StringComparer.OrdinalIgnoreCase))
            {
                modalityRight++;
            }
            else
            {
                misses.Add($"modality {extracted.Modality}, expected {string.Join("/", match.Modality)}: {Describe(result, extracted)}");
            }
        }
        misses.AddRange(gold.Where(g => !found.Contains(g)).Select(g => $"missed event {g.Code} {g.Actor[0]} -> {g.Target?[0] ?? "-"} in \"{g.Sentence}\""));
        return new EventEvaluation(result.Events.Count, right, gold.Count, found.Count, modalityRight, misses);
    }

    private static bool Matches(ExtractionResult result, ExtractedEvent extracted, GoldEvent gold) =>
        extracted.SentenceText.Contains(gold.Sentence, StringComparison.Ordinal)
        && extracted.Type.Code[..2] == gold.Code[..2]
        && extracted.Actor is { } actor && IsNamed(result.Entities[actor], gold.Actor, withMentions: true)
        && (gold.Target is null || extracted.Target is { } target && IsNamed(result.Entities[target], gold.Target, withMentions: true));

    /// <summary>Whether the entity goes by one of the names (normalised: case, diacritics, punctuation, a leading "the").</summary>
    private static bool IsNamed(ExtractedEntity entity, IReadOnlyList<string> names, bool withMentions = false)
    {
        var keys = names.Select(EntityKeys.NormalizeName).ToHashSet(StringComparer.Ordinal);
        var forms = entity.Aliases.Select(a => a.Name).Prepend(entity.Name);
        if (withMentions)
        {
            forms = forms.Concat(entity.Mentions.Select(m => m.Text));
        }
        return forms.Any(form => keys.Contains(EntityKeys.NormalizeName(form)));
    }

    private static int TypeIndex(EntityType type) => Types.Select(t => t.Type).ToList().IndexOf(type);

    private static int Overlap(TextSpan span, int start, int end) => Math.Max(0, Math.Min(span.End, end) - Math.Max(span.Start, start));

    private static string Describe(GoldMention mention) => $"{mention.Field} {mention.Start}-{mention.End} \"{mention.Text}\"";

    private static string Describe(ExtractionResult result, ExtractedEvent e) =>
        $"{e.Type.Code} {Name(result, e.Actor)} -> {Name(result, e.Target)} {e.Modality} '{e.Cue}' in \"{Clip(e.SentenceText)}\"";

    private static string Name(ExtractionResult result, int? index) => index is { } i ? result.Entities[i].Name : "-";

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
