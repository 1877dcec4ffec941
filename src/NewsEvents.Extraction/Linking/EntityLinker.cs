using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;
using EntityType = NewsEvents.Extraction.Pipeline.EntityType;
using NerType = NewsEvents.Extraction.Ner.EntityType;

namespace NewsEvents.Extraction.Linking;

/// <summary>Turns an article's name mentions into entities: which mentions name the same thing, and what it is.</summary>
public static class EntityLinker
{
    /// <summary>
    /// Equal names (by key) are one entity, and a one-word person mention that is a word of exactly one longer person
    /// name ("Sullivan", "Kim") is that person.
    /// </summary>
    public static List<ExtractedEntity> Link(AnalyzedArticle article)
    {
        var groups = new Dictionary<string, List<(TextField Field, EntitySpan Span)>>();
        foreach (var field in article.Fields)
        {
            foreach (var span in field.Names)
            {
                var key = EntityKeys.For(TypeOf(span.Type), span.Text);
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = [];
                }
                group.Add((field.Field, span));
            }
        }

        var personKeys = groups.Keys.Where(key => key.StartsWith("person:", StringComparison.Ordinal)).ToList();
        foreach (var shortKey in personKeys.Where(key => !key.Contains(' ', StringComparison.Ordinal)).ToList())
        {
            var word = shortKey["person:".Length..];
            var longer = personKeys.Where(key => key != shortKey && key["person:".Length..].Split(' ').Contains(word)).ToList();
            if (longer.Count == 1)
            {
                groups[longer[0]].AddRange(groups[shortKey]);
                groups.Remove(shortKey);
            }
        }

        return groups.Select(group =>
        {
            var surfaceForms = group.Value.Select(m => m.Span.Text).Distinct().ToList();
            var name = surfaceForms.MaxBy(form => form.Length)!;
            var type = TypeOf(group.Value[0].Span.Type);
            var aliases = surfaceForms.Where(form => form != name)
                .Select(form => new ExtractedAlias(form, IsIdentifying(type, form) ? EntityKeys.For(type, form) : null))
                .ToList();
            return new ExtractedEntity(
                group.Key, name, type, type == EntityType.Location ? LocationKind.Other : null, null, null, null, aliases,
                [],
                group.Value.OrderBy(m => m.Field).ThenBy(m => m.Span.Start)
                    .Select(m => new ExtractedMention(new TextSpan(m.Field, m.Span.Start, m.Span.End), m.Span.Text)).ToList());
        }).ToList();
    }

    /// <summary>A lone word names a person only within one article ("Sullivan"); across articles it is ambiguous.</summary>
    private static bool IsIdentifying(EntityType type, string form) =>
        type != EntityType.Person || EntityKeys.NormalizeName(form).Contains(' ', StringComparison.Ordinal);

    private static EntityType TypeOf(NerType type) => type switch
    {
        NerType.Person => EntityType.Person,
        NerType.Organization => EntityType.Organization,
        NerType.Location => EntityType.Location,
        _ => EntityType.Other,
    };
}
