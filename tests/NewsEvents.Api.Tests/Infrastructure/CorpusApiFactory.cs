using NewsEvents.Core.Data;

namespace NewsEvents.Api.Tests.Infrastructure;

/// <summary>
/// The API over a small known corpus, ingested and processed once for the test class: the reference article plus
/// articles written for the analyst endpoints, so counts, shares and associations can be worked out by hand.
/// </summary>
public sealed class CorpusApiFactory(PostgresServer server) : NewsEventsApiFactory(server)
{
    public static readonly DateTimeOffset ReferenceDay = new(2023, 9, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Article ids by name, for assertions.</summary>
    public Dictionary<string, Guid> Ids { get; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "seed-article.txt"));
        var corpus = new List<(string Name, object Article)>
        {
            ("reference", TestArticles.New(title: lines[0], body: string.Join('\n', lines.Skip(1)), source: "Reference Wire", publishedAt: ReferenceDay)),
        };
        for (var i = 0; i < 3; i++)
        {
            corpus.Add(($"summit-{i}", TestArticles.New(
                title: $"Putin and Kim meet again, day {i + 1}",
                body: $"Russian President Vladimir Putin held talks with North Korean leader Kim Jong-un in Vladivostok on day {i + 1} of the visit.",
                source: "Summit Daily", publishedAt: ReferenceDay.AddDays(4 + i))));
        }
        for (var i = 0; i < 4; i++)
        {
            corpus.Add(($"washington-{i}", TestArticles.New(
                title: $"Budget talks in Washington, round {i + 1}",
                body: $"Officials said the United States would cut its budget for the {i + 1}th time this month.",
                source: "Capitol Report", publishedAt: ReferenceDay.AddDays(1 + i))));
        }
        corpus.Add(("putin-us", TestArticles.New(
            title: "Putin criticises Washington",
            body: "Vladimir Putin said the United States was provoking a new arms race.",
            source: "Capitol Report", publishedAt: ReferenceDay.AddDays(2))));

        foreach (var (name, article) in corpus)
        {
            Ids[name] = (await IngestAsync(article)).Id;
        }
        foreach (var id in Ids.Values)
        {
            await WaitForStatusAsync(id, ArticleStatus.Processed);
        }
    }
}
