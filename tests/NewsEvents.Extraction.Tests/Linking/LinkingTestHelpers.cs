using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Linking;

internal static class LinkingTestHelpers
{
    public static IReadOnlyList<ExtractedEntity> Entities(string body, string? title = null) =>
        ArticleExtractor.Default.Extract(title, body, null).Entities;

    /// <summary>The one entity with a mention whose text is <paramref name="mention"/> (in the body unless said).</summary>
    public static ExtractedEntity WithMention(this IReadOnlyList<ExtractedEntity> entities, string mention, TextField field = TextField.Body)
    {
        var found = entities.Where(e => e.Mentions.Any(m => m.Text == mention && m.Span.Field == field)).ToList();
        Assert.True(found.Count == 1, $"expected one entity mentioned as '{mention}', found {found.Count}: "
            + string.Join("; ", entities.Select(e => $"{e.Name} [{string.Join(", ", e.Mentions.Select(m => m.Text))}]")));
        return found[0];
    }

    public static ExtractedEntity Named(this IReadOnlyList<ExtractedEntity> entities, string name)
    {
        var found = entities.Where(e => e.Name == name).ToList();
        Assert.True(found.Count == 1, $"expected one entity named '{name}', found {found.Count}: "
            + string.Join("; ", entities.Select(e => $"{e.Name} ({e.Type}, {e.Key})")));
        return found[0];
    }
}
