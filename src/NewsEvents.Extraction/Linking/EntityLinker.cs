using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Linking;

/// <summary>
/// Turns an article's name mentions into entities: which mentions name the same thing, and what it is. The steps, each
/// its own class: <see cref="MentionRepairs"/> (span boundaries the gazetteer can fix), <see cref="TitleReader"/>
/// (titles before names), <see cref="MentionResolver"/> (countries, places, governments, nationalities,
/// organisations), <see cref="PersonLinker"/> (short forms of names), then mentions with equal keys are one entity.
/// Thread-safe; never throws on any text the tokenizer and tagger accept.
/// </summary>
public static class EntityLinker
{
    public static List<ExtractedEntity> Link(AnalyzedArticle article)
    {
        var mentions = new List<Mention>();
        foreach (var field in article.Fields)
        {
            if (field.Names.Count == 0)
            {
                continue;
            }
            var view = new FieldView(field);
            var fieldMentions = field.Names.Where(span => span.End > span.Start).Select(span => new Mention(view, span.Start, span.End, span.Type)).ToList();
            MentionRepairs.Apply(fieldMentions);
            TitleReader.Apply(fieldMentions);
            mentions.AddRange(fieldMentions);
        }
        if (mentions.Count == 0)
        {
            return [];
        }
        new MentionResolver().Resolve(mentions);
        PersonLinker.Apply(mentions);
        return Group(mentions);
    }

    private static List<ExtractedEntity> Group(List<Mention> mentions)
    {
        var groups = new Dictionary<string, List<Mention>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var mention in mentions.OrderBy(m => m.Order))
        {
            var key = mention.Resolved!.Key;
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                order.Add(key);
            }
            group.Add(mention);
        }
        return order.Select(key => ToEntity(key, groups[key])).ToList();
    }

    private static ExtractedEntity ToEntity(string key, List<Mention> mentions)
    {
        // What the data says about the thing (a canonical name, coordinates) wins over what the text says.
        var resolution = mentions.Select(m => m.Resolved!).FirstOrDefault(r => r.Canonical) ?? mentions[0].Resolved!;
        var name = resolution.Canonical ? resolution.Name : ChooseName(key, mentions);
        var aliases = mentions.Select(m => m.Text).Distinct(StringComparer.Ordinal).Where(form => form != name)
            .Select(form => new ExtractedAlias(form, AliasKey(resolution, key, form)))
            .ToList();
        var titles = mentions.SelectMany(m => m.Titles).Distinct(StringComparer.Ordinal).ToList();
        var entityMentions = mentions.OrderBy(m => m.Order)
            .Select(m => new ExtractedMention(new TextSpan(m.Field, m.Start, m.End), m.Text)).ToList();
        return new ExtractedEntity(key, name, resolution.Type, resolution.Kind, resolution.CountryCode, resolution.Latitude,
            resolution.Longitude, aliases, titles, entityMentions, resolution.PartOfKey);
    }

    /// <summary>
    /// The name as the text writes it: among the forms whose key is the entity's (not short forms), the most used, then
    /// the one with fewest capitals ("Kim Jong-un" over "Kim Jong-Un" or "KIM JONG-UN").
    /// </summary>
    private static string ChooseName(string key, List<Mention> mentions)
    {
        var type = mentions[0].Resolved!.Type;
        var full = mentions.Where(m => EntityKeys.For(type, m.Text) == key).Select(m => m.Text).ToList();
        var forms = full.Count > 0 ? full : mentions.Select(m => m.Text).ToList();
        return forms.GroupBy(form => form, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Count(char.IsUpper))
            .ThenByDescending(g => g.Key.Length)
            .First().Key;
    }

    /// <summary>
    /// The key under which later articles may find the entity by this form, or null. Forms resolved through the data
    /// need none (the entity's key is already the canonical one), and a lone word of a person's name identifies nobody
    /// beyond this article.
    /// </summary>
    private static string? AliasKey(Resolution resolution, string key, string form)
    {
        if (resolution.Canonical)
        {
            return null;
        }
        var aliasKey = EntityKeys.For(resolution.Type, form);
        if (aliasKey == key || resolution.Type == EntityType.Person && !aliasKey.Contains(' ', StringComparison.Ordinal))
        {
            return null;
        }
        return aliasKey;
    }
}
