using System.Text.Json;
using NewsEvents.Core.Articles;

namespace NewsEvents.Cli;

/// <summary>Reads an NDJSON corpus: one article a line, {"title", "body", "published_at", "source", "url", ...}.</summary>
internal static class Corpus
{
    public const string DefaultPath = "../shared/data/corpus/reuters21578.ndjson";

    public static IEnumerable<NewArticle> Read(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var body = Text(root, "body");
            if (string.IsNullOrWhiteSpace(body))
            {
                continue;
            }
            yield return new NewArticle(
                Title: Text(root, "title") ?? "",
                Body: body,
                Url: Text(root, "url"),
                PublishedAt: Text(root, "published_at") is { } published && DateTimeOffset.TryParse(published, out var at) ? at.ToUniversalTime() : null,
                Source: Text(root, "source"),
                Language: "en");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
