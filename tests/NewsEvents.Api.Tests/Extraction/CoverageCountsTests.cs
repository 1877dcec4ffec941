using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Ingestion;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Tests.Extraction;

/// <summary>The pre-aggregated counts always equal a recount from the rows they summarise, whatever processing and curation do at once.</summary>
public sealed class CoverageCountsTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    [Fact]
    public async Task Aggregates_match_a_recount_after_concurrent_processing_and_reprocessing()
    {
        var names = Enumerable.Range(0, 8).Select(_ => $"Person {TestArticles.UniqueWord("Zq")}").ToList();
        var days = new[] { new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 2, 23, 30, 0, TimeSpan.Zero) };
        var articles = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            articles.Add((await api.IngestAsync(TestArticles.New(publishedAt: days[i % 2], source: "Counting Wire"))).Id);
        }

        await Task.WhenAll(articles.Select((article, i) => Task.Run(() => WriteAsync(article, Mentioning(names, i, tone: i - 5)))));
        // Reprocessing: some articles now mention other people, one mentions nobody.
        await Task.WhenAll(articles.Take(4).Select((article, i) => Task.Run(() => WriteAsync(article, Mentioning(names, i + 3, tone: 2)))));
        await WriteAsync(articles[4], ExtractionResult.Empty);

        await AssertAggregatesMatchRecountAsync();
    }

    [Fact]
    public async Task Merging_and_splitting_while_articles_are_processed_keeps_the_aggregates_exact()
    {
        var names = Enumerable.Range(0, 6).Select(_ => $"Person {TestArticles.UniqueWord("Zq")}").ToList();
        var articles = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            articles.Add((await api.IngestAsync(TestArticles.New(publishedAt: new DateTimeOffset(2024, 4, 1 + (i % 3), 9, 0, 0, TimeSpan.Zero)))).Id);
        }
        await Task.WhenAll(articles.Select((article, i) => Task.Run(() => WriteAsync(article, Mentioning(names, i, tone: i)))));
        var ids = await EntityIdsAsync(names);
        using var client = api.CreateClient();

        // Reprocessing every article races two merges, so some writers resolve a name just before its entity is merged.
        var reprocessing = articles.Select((article, i) => Task.Run(() => WriteAsync(article, Mentioning(names, i + 1, tone: -i)))).ToList();
        var merges = new[] { (ids[1], ids[0]), (ids[3], ids[2]) }.Select(pair => Task.Run(async () =>
        {
            using var merged = await client.PostAsJsonAsync($"/api/v1/entities/{pair.Item1}/merge", new { into = pair.Item2 });
            Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        }));
        await Task.WhenAll(reprocessing.Concat(merges));

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM mentions WHERE entity_id = ANY($1)", ids[1], ids[3]));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM article_entities WHERE entity_id = ANY($1)", ids[1], ids[3]));
        await AssertAggregatesMatchRecountAsync();

        // Processing after the merge lands on the survivor; a split while processing runs keeps the counts exact too.
        var split = Task.Run(async () =>
        {
            using var response = await client.PostAsJsonAsync($"/api/v1/entities/{ids[0]}/split", new { alias = names[1] });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        });
        await Task.WhenAll(articles.Take(6).Select((article, i) => Task.Run(() => WriteAsync(article, Mentioning(names, i + 2, tone: 1)))).Append(split));

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM mentions WHERE entity_id = ANY($1)", ids[1], ids[3]));
        await AssertAggregatesMatchRecountAsync();
    }

    private async Task AssertAggregatesMatchRecountAsync()
    {
        Assert.Empty(await DifferencesAsync("""
            SELECT entity_id, day, articles, mentions, round(tone_sum::numeric, 6) FROM entity_daily_mentions WHERE articles > 0
            """, """
            SELECT ae.entity_id, (a.published_or_ingested_at AT TIME ZONE 'UTC')::date, count(*)::int, sum(ae.mention_count)::int,
                   round(sum(ae.tone)::numeric, 6)
            FROM article_entities ae JOIN articles a ON a.id = ae.article_id GROUP BY 1, 2
            """));
        Assert.Empty(await DifferencesAsync("""
            SELECT id, article_count, mention_count FROM entities WHERE article_count > 0
            """, """
            SELECT entity_id, count(*)::int, sum(mention_count)::int FROM article_entities GROUP BY 1
            """));
        Assert.Empty(await DifferencesAsync("""
            SELECT entity_id, title, articles FROM entity_titles WHERE articles > 0
            """, """
            SELECT ae.entity_id, title, count(*)::int FROM article_entities ae, unnest(ae.titles) AS title GROUP BY 1, 2
            """));
        Assert.Empty(await DifferencesAsync("""
            SELECT id, speaker_entity_id, published_or_ingested_at FROM quotes
            """, """
            SELECT q.id, q.speaker_entity_id, a.published_or_ingested_at FROM quotes q JOIN articles a ON a.id = q.article_id
            """));
        Assert.Empty(await DifferencesAsync("""
            SELECT entity_a, entity_b, articles FROM entity_pairs WHERE articles > 0
            """, """
            SELECT x.entity_id, y.entity_id, count(*)::int
            FROM article_entities x JOIN article_entities y ON x.article_id = y.article_id AND x.entity_id < y.entity_id
            GROUP BY 1, 2
            """));
        Assert.Empty(await DifferencesAsync("""
            SELECT day, articles FROM daily_articles
            """, """
            SELECT (published_or_ingested_at AT TIME ZONE 'UTC')::date, count(*)::int FROM articles GROUP BY 1
            """));
        Assert.Empty(await DifferencesAsync("""
            SELECT source_id, day, articles FROM source_daily_articles
            """, """
            SELECT source_id, (published_or_ingested_at AT TIME ZONE 'UTC')::date, count(*)::int FROM articles
            WHERE source_id IS NOT NULL GROUP BY 1, 2
            """));
    }

    private async Task<List<Guid>> EntityIdsAsync(List<string> names)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand("SELECT id FROM entities WHERE key = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = EntityKeys.For(EntityType.Person, name) });
            ids.Add((Guid)(await command.ExecuteScalarAsync())!);
        }
        return ids;
    }

    private async Task<long> CountAsync(string sql, params Guid[] entityIds)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = entityIds });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Article i mentions three of the names (a window that moves with i), each i % 3 + 1 times, with a title that
    /// depends on i; the first of them is quoted.
    /// </summary>
    private static ExtractionResult Mentioning(List<string> names, int i, double tone) =>
        new(Enumerable.Range(0, 3).Select(k => names[(i + k) % names.Count]).Select(name => new ExtractedEntity(
                EntityKeys.For(EntityType.Person, name), name, EntityType.Person, null, null, null, null, [], [$"Minister {i % 2}"],
                Enumerable.Range(0, (i % 3) + 1).Select(m => new ExtractedMention(new TextSpan(TextField.Body, m * 10, (m * 10) + 5), name)).ToList()))
            .ToList(), [new ExtractedQuote("We will not back down", new TextSpan(TextField.Body, 40, 61), 0, "said", true)], [], tone, []);

    /// <summary>
    /// Stores a result as a worker does. Writers meeting a merge can deadlock (PostgreSQL aborts one); a worker then
    /// counts a failed attempt and processes the article again, so this does the same, and the counts must still be exact.
    /// </summary>
    private async Task WriteAsync(Guid article, ExtractionResult result)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(api.ConnectionString);
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await ExtractionStore.WriteAsync(connection, transaction, article, result, DateTimeOffset.UtcNow, default);
                await transaction.CommitAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }
    }

    /// <summary>Rows in one query and not the other, either way round, as text.</summary>
    private async Task<List<string>> DifferencesAsync(string stored, string recounted)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"(({stored}) EXCEPT ({recounted})) UNION ALL (({recounted}) EXCEPT ({stored}))", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        }
        return rows;
    }
}
