using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Events;

/// <summary>Reads events the way a reviewer does: by kind, by who acts on whom (any name the article uses for them).</summary>
internal static class EventTestKit
{
    public static readonly string SeedArticleText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));

    public static ExtractionResult SeedArticle { get; } = ExtractSeedArticle();

    public static ExtractionResult ExtractSeedArticle()
    {
        var newline = SeedArticleText.IndexOf('\n', StringComparison.Ordinal);
        return ArticleExtractor.Default.Extract(SeedArticleText[..newline], SeedArticleText[(newline + 1)..], null);
    }

    /// <summary>Whether the entity at <paramref name="index"/> goes by any of <paramref name="names"/> (its name, an alias or a mention).</summary>
    public static bool IsNamed(ExtractionResult result, int? index, params string[] names)
    {
        if (index is not { } i)
        {
            return false;
        }
        var entity = result.Entities[i];
        var forms = new[] { entity.Name }.Concat(entity.Aliases.Select(alias => alias.Name)).Concat(entity.Mentions.Select(mention => mention.Text));
        return forms.Any(form => names.Any(name => string.Equals(form, name, StringComparison.OrdinalIgnoreCase)));
    }

    public static string Describe(ExtractionResult result) => string.Join("\n", result.Events.Select(e =>
        $"{e.Type.Code} {Name(result, e.Actor)} -> {Name(result, e.Target)} @{Name(result, e.Location)} {e.Date} {e.Modality} '{e.Cue}' in \"{e.SentenceText}\""));

    public static string Name(ExtractionResult result, int? index) => index is { } i ? result.Entities[i].Name : "-";

    public static List<ExtractedEvent> Find(ExtractionResult result, string codePrefix, string[] actor, string[]? target = null) =>
        result.Events.Where(e => e.Type.Code.StartsWith(codePrefix, StringComparison.Ordinal)
            && IsNamed(result, e.Actor, actor)
            && (target is null || IsNamed(result, e.Target, target))).ToList();

    public static ExtractionResult Extract(string body, DateTimeOffset? published = null, string? title = null) =>
        ArticleExtractor.Default.Extract(title, body, published);
}
