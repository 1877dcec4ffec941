using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Ingestion;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Tests.Extraction;

/// <summary>The pre-aggregated counts always equal a recount from the rows they summarise.</summary>
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

    /// <summary>Article i mentions three of the names (a window that moves with i), each i % 3 + 1 times.</summary>
    private static ExtractionResult Mentioning(List<string> names, int i, double tone) =>
        new(Enumerable.Range(0, 3).Select(k => names[(i + k) % names.Count]).Select(name => new ExtractedEntity(
                EntityKeys.For(EntityType.Person, name), name, EntityType.Person, null, null, null, null, [], [],
                Enumerable.Range(0, (i % 3) + 1).Select(m => new ExtractedMention(new TextSpan(TextField.Body, m * 10, (m * 10) + 5), name)).ToList()))
            .ToList(), [], [], tone, []);

    private async Task WriteAsync(Guid article, ExtractionResult result)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExtractionStore.WriteAsync(connection, transaction, article, result, DateTimeOffset.UtcNow, default);
        await transaction.CommitAsync();
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
