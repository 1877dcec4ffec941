using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Ingestion;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Tests.Extraction;

/// <summary>How extracted entities, mentions, quotes and events are stored: resolution across articles, idempotence, races.</summary>
public sealed class ExtractionStoreTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Fact]
    public async Task The_same_name_in_another_spelling_in_another_article_is_the_same_entity()
    {
        var surname = TestArticles.UniqueWord("Zq");
        var first = await WriteAsync(Person($"Kim Jong-Un {surname}"));
        var second = await WriteAsync(Person($"kim jong un {surname}"));

        Assert.Equal(await EntityIdsAsync(first), await EntityIdsAsync(second));
    }

    [Fact]
    public async Task An_alias_key_seen_before_finds_its_entity_under_a_new_canonical_name()
    {
        var word = TestArticles.UniqueWord("Zq");
        var first = await WriteAsync(Person($"Jake {word}", aliases: [new($"J. {word}", EntityKeys.For(EntityType.Person, $"J {word}"))]));
        var second = await WriteAsync(Person($"J. {word}"));

        Assert.Equal(await EntityIdsAsync(first), await EntityIdsAsync(second));
    }

    [Fact]
    public async Task A_weak_alias_is_not_registered_so_a_lone_surname_elsewhere_is_another_entity()
    {
        var word = TestArticles.UniqueWord("Zq");
        var first = await WriteAsync(Person($"Jake {word}", aliases: [new(word, null)]));
        var second = await WriteAsync(Person(word));

        Assert.NotEqual(await EntityIdsAsync(first), await EntityIdsAsync(second));
    }

    [Fact]
    public async Task Reprocessing_replaces_the_articles_rows_instead_of_adding_to_them()
    {
        var name = $"Person {TestArticles.UniqueWord("Zq")}";
        var result = Person(name, mentions: 3);
        var article = await WriteAsync(result);
        await WriteAsync(result, article);
        await WriteAsync(result, article);

        await using var db = api.CreateDbContext();
        Assert.Equal(3, await db.Mentions.CountAsync(m => m.ArticleId == article));
        Assert.Equal(1, await db.ArticleEntities.CountAsync(ae => ae.ArticleId == article));
        Assert.Equal(3, (await db.ArticleEntities.SingleAsync(ae => ae.ArticleId == article)).MentionCount);

        await WriteAsync(ExtractionResult.Empty, article);
        Assert.False(await db.Mentions.AnyAsync(m => m.ArticleId == article));
        Assert.Equal(1, await db.Entities.CountAsync(e => e.CanonicalName == name)); // entities outlive their articles' rows
    }

    [Fact]
    public async Task Concurrent_articles_meeting_the_same_new_names_in_any_order_create_each_entity_once()
    {
        var names = Enumerable.Range(0, 6).Select(_ => $"Person {TestArticles.UniqueWord("Zq")}").ToList();
        var articles = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            articles.Add((await api.IngestAsync(TestArticles.New())).Id);
        }

        // Each article names all six, in its own order: unordered inserts would deadlock or duplicate.
        await Task.WhenAll(articles.Select((article, i) => Task.Run(() => WriteAsync(
            Combine(Rotate(names, i).Select(name => Person(name))),
            article))));

        await using var db = api.CreateDbContext();
        foreach (var name in names)
        {
            Assert.Equal(1, await db.Entities.CountAsync(e => e.CanonicalName == name));
        }
        Assert.Equal(12 * 6, await db.ArticleEntities.CountAsync(ae => articles.Contains(ae.ArticleId)));
    }

    [Fact]
    public async Task Quotes_and_events_keep_their_speaker_actor_and_target()
    {
        var speaker = $"Speaker {TestArticles.UniqueWord("Zq")}";
        var target = $"Target {TestArticles.UniqueWord("Zq")}";
        var result = Combine([Person(speaker), Person(target)]) with
        {
            Quotes = [new ExtractedQuote("We will talk.", new TextSpan(TextField.Body, 0, 13), 0, "said", true)],
            Events = [new ExtractedEvent(new EventType("036", "Express intent to meet or negotiate"), 0, 1, null,
                new DateOnly(2023, 9, 12), Modality.Planned, new TextSpan(TextField.Body, 0, 13), "We will talk.", "will meet", 0.8, -5)],
        };
        var article = await WriteAsync(result);

        var stored = await api.GetArticleAsync(article);
        var quote = Assert.Single(stored.Quotes);
        Assert.Equal(speaker, quote.Speaker?.Name);
        var storedEvent = Assert.Single(stored.Events);
        Assert.Equal((speaker, target), (storedEvent.Actor?.Name, storedEvent.Target?.Name));
        Assert.Equal(Modality.Planned, storedEvent.Modality);
        Assert.Equal(new DateOnly(2023, 9, 12), storedEvent.Date);
    }

    private static ExtractionResult Person(string name, IReadOnlyList<ExtractedAlias>? aliases = null, int mentions = 1) =>
        new([new ExtractedEntity(
            EntityKeys.For(EntityType.Person, name), name, EntityType.Person, null, null, null, null, aliases ?? [], [],
            Enumerable.Range(0, mentions).Select(i => new ExtractedMention(new TextSpan(TextField.Body, i * 10, (i * 10) + 5), name)).ToList())],
            [], [], 0, []);

    /// <summary>The names starting at a different one for each article, backwards for every other article.</summary>
    private static IEnumerable<string> Rotate(List<string> names, int i)
    {
        var rotated = names.Skip(i % names.Count).Concat(names.Take(i % names.Count));
        return i % 2 == 0 ? rotated : rotated.Reverse();
    }

    private static ExtractionResult Combine(IEnumerable<ExtractionResult> results) =>
        new(results.SelectMany(r => r.Entities).ToList(), [], [], 0, []);

    /// <summary>Stores a result for an article (a new one unless given) in a transaction of its own, as the worker does.</summary>
    private async Task<Guid> WriteAsync(ExtractionResult result, Guid? article = null)
    {
        var articleId = article ?? (await api.IngestAsync(TestArticles.New())).Id;
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExtractionStore.WriteAsync(connection, transaction, articleId, result, DateTimeOffset.UtcNow, default);
        await transaction.CommitAsync();
        return articleId;
    }

    private async Task<List<Guid>> EntityIdsAsync(Guid article)
    {
        await using var db = api.CreateDbContext();
        return await db.ArticleEntities.Where(ae => ae.ArticleId == article).Select(ae => ae.EntityId).OrderBy(id => id).ToListAsync();
    }
}
