using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using Npgsql;

namespace NewsEvents.Api.Tests.Articles;

/// <summary>
/// Article search through the article index (decision 017): every behaviour of <see cref="SearchBehaviour"/>, plus what
/// the index must add — the same matches as SQL, articles not yet indexed found anyway, nothing stale shown, and an
/// index folder that survives a restart and is rebuilt when broken.
/// </summary>
public sealed class IndexedSearchTests(IndexedApiFactory api) : SearchBehaviour(api), IClassFixture<IndexedApiFactory>
{
    private static readonly DateTimeOffset Day = new(2024, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_index_matches_the_same_articles_as_sql()
    {
        var (topic, other, excluded) = (TestArticles.UniqueWord(), TestArticles.UniqueWord(), TestArticles.UniqueWord());
        var source = $"Index Wire {TestArticles.UniqueWord()}";
        foreach (var article in new[]
        {
            TestArticles.New(title: $"Summit on {topic} opens", body: "Leaders gathered.", source: source, publishedAt: Day),
            TestArticles.New(body: $"Talks on {topic} and {other} went on.", publishedAt: Day.AddDays(1)),
            TestArticles.New(body: $"The {topic} {other} deal was signed.", source: source, publishedAt: Day.AddDays(2)),
            TestArticles.New(body: $"Of {topic} and {excluded}, nothing new.", publishedAt: Day.AddDays(3)),
            TestArticles.New(body: $"Only {other} here.", publishedAt: Day.AddDays(4)),
        })
        {
            await api.IngestAndProcessAsync(article);
        }
        await api.Index.CatchUpAsync(CancellationToken.None);
        await using var sqlOnly = api.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", ""));

        foreach (var query in new[]
        {
            $"q={topic}", $"q=%22{topic}+{other}%22", $"q={topic}+or+{other}", $"q={topic}+-{excluded}", $"q={other}+{topic}",
            $"q={topic}&source={Uri.EscapeDataString(source)}", $"q={topic}&from=2024-07-02&to=2024-07-04",
        })
        {
            var indexed = await api.SearchAsync(query);
            var sql = await SearchAsync(sqlOnly, query);
            Assert.Equal(sql.Items.Select(hit => hit.Id).Order(), indexed.Items.Select(hit => hit.Id).Order());
            // BM25 and ts_rank_cd never agree: the scores show which engine ranked.
            Assert.All(indexed.Items, hit => Assert.DoesNotContain(hit.Score, sql.Items.Select(s => s.Score)));
        }

        // Filters choose articles; they do not move an article's relevance.
        var unfiltered = (await api.SearchAsync($"q={topic}")).Items.ToDictionary(hit => hit.Id, hit => hit.Score);
        foreach (var filtered in new[] { $"q={topic}&source={Uri.EscapeDataString(source)}", $"q={topic}&from=2024-07-02&to=2024-07-04" })
        {
            var hits = (await api.SearchAsync(filtered)).Items;
            Assert.NotEmpty(hits);
            Assert.All(hits, hit => Assert.Equal(unfiltered[hit.Id], hit.Score));
        }
    }

    [Fact]
    public async Task An_article_processed_while_the_indexer_is_held_is_found_with_the_indexed_ones()
    {
        var word = TestArticles.UniqueWord();
        var indexed = await api.IngestAndProcessAsync(TestArticles.New(body: $"Earlier news of {word}."));
        await api.Index.CatchUpAsync(CancellationToken.None);

        using (await api.Index.PauseAsync(CancellationToken.None))
        {
            var watermark = api.Index.Watermark;
            var pending = await api.IngestAndProcessAsync(TestArticles.New(title: $"{word} today", body: $"Fresh news of {word}."));

            var hits = await api.SearchAsync($"q={word}");

            Assert.Equal([pending.Id, indexed.Id], hits.Items.Select(hit => hit.Id));
            Assert.Equal(watermark, api.Index.Watermark);
        }
    }

    [Fact]
    public async Task An_article_deleted_or_marked_duplicate_after_it_was_indexed_disappears_at_once()
    {
        var word = TestArticles.UniqueWord();
        var kept = await api.IngestAndProcessAsync(TestArticles.New(body: $"The original story of {word}."));
        var duplicate = await api.IngestAndProcessAsync(TestArticles.New(body: $"A copy of the story of {word}."));
        var deleted = await api.IngestAndProcessAsync(TestArticles.New(body: $"A retracted story of {word}."));
        await api.Index.CatchUpAsync(CancellationToken.None);
        Assert.Equal(3, (await api.SearchAsync($"q={word}")).Items.Count);

        using (await api.Index.PauseAsync(CancellationToken.None))
        {
            await using var dataSource = NpgsqlDataSource.Create(api.ConnectionString);
            await ExecuteAsync(dataSource, "UPDATE articles SET duplicate_of = $1 WHERE id = $2", kept.Id, duplicate.Id);
            await ExecuteAsync(dataSource, "DELETE FROM articles WHERE id = $1", deleted.Id);

            Assert.Equal([kept.Id], (await api.SearchAsync($"q={word}")).Items.Select(hit => hit.Id));
        }
        await api.Index.CatchUpAsync(CancellationToken.None);
        Assert.Equal([kept.Id], (await api.SearchAsync($"q={word}")).Items.Select(hit => hit.Id));
    }

    [Fact]
    public async Task A_restarted_service_resumes_from_its_committed_index_and_rebuilds_a_broken_one()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"newsevents-index-{Guid.NewGuid():N}");
        var word = TestArticles.UniqueWord();
        Guid indexed;
        await using (var host = Host(folder))
        {
            var index = await IndexedApiFactory.WaitUntilReadyAsync(host);
            using var response = await host.CreateClient().PostAsJsonAsync("/api/v1/articles", TestArticles.New(body: $"Indexed news of {word}."), NewsEventsApiFactory.Json);
            indexed = (await response.Content.ReadFromJsonAsync<ArticleResponse>(NewsEventsApiFactory.Json))!.Id;
            await index.CatchUpAsync(CancellationToken.None);
        }
        // Written while no service runs and with triggers off: not in the change log, so only a rebuild indexes it.
        var unlogged = await InsertUnloggedArticleAsync($"Unlogged news of {word}.");

        await using (var host = Host(folder))
        {
            await IndexedApiFactory.WaitUntilReadyAsync(host);
            Assert.Equal([indexed], (await SearchAsync(host, $"q={word}")).Items.Select(hit => hit.Id));
        }
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(64));
        }

        await using (var host = Host(folder))
        {
            await IndexedApiFactory.WaitUntilReadyAsync(host);
            Assert.Equal(new[] { indexed, unlogged }.Order(), (await SearchAsync(host, $"q={word}")).Items.Select(hit => hit.Id).Order());
        }
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("or")]
    [InlineData("a OR OR b")]
    [InlineData("title:oil* AND (bank")]
    [InlineData("\"unclosed phrase")]
    [InlineData("the of and")]
    [InlineData("-\"\" - -- \\ ~2 ^3 [a TO b] {x}")]
    [InlineData("\u00e9t\u00e9 \u65e5\u672c \ud83d\ude00 %00")]
    public async Task Hostile_queries_on_the_index_get_an_answer_not_a_server_error(string text)
    {
        using var response = await api.CreateClient().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(text)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var listing = await api.CreateClient().GetAsync($"/api/v1/articles?q={Uri.EscapeDataString(text)}");
        Assert.Equal(HttpStatusCode.OK, listing.StatusCode);
    }

    /// <summary>Another service over the same database with its index in <paramref name="folder"/>.</summary>
    private WebApplicationFactory<Program> Host(string folder) => api.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", folder));

    private static async Task<ListPage> SearchAsync(WebApplicationFactory<Program> host, string query) =>
        (await host.CreateClient().GetFromJsonAsync<ListPage>($"/api/v1/articles?{query}", NewsEventsApiFactory.Json))!;

    private async Task<Guid> InsertUnloggedArticleAsync(string body)
    {
        var id = Guid.CreateVersion7();
        await using var dataSource = NpgsqlDataSource.Create(api.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var triggersOff = new NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await triggersOff.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(
            "INSERT INTO articles (id, title, body, ingested_at, content_hash, status) VALUES ($1, 'Unlogged', $2, now(), $3, 'queued')", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = body });
        command.Parameters.Add(new NpgsqlParameter { Value = RandomNumberGenerator.GetBytes(32) });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }
}
