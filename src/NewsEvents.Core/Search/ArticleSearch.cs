using System.Text;
using NewsEvents.Core.Data;
using Npgsql;
using NpgsqlTypes;

namespace NewsEvents.Core.Search;

/// <summary>
/// Full-text search and listing over articles: the SQL LINQ cannot say well (websearch_to_tsquery, ts_rank_cd, keyset
/// on a computed rank, ts_headline for the returned page only). Every value is a parameter; the SQL text is built only
/// from the fixed fragments below. A text query ranked by relevance goes through the article index when it is ready
/// (decision 017): the index ranks, and the page's rows are read here by id with the filters applied again.
/// </summary>
public sealed class ArticleSearch(NpgsqlDataSource dataSource, ArticleIndex? index = null)
{
    private const int LeadLength = 280;
    private const string Config = NewsEventsDbContext.TextSearchConfiguration;

    public async Task<ArticlePage> SearchAsync(ArticleQuery query, CancellationToken cancellationToken)
    {
        // Entity filters are not indexed; a cursor without a rank came from a newest-first page.
        if (index is { IsReady: true } && query.EffectiveSort == ArticleSort.Relevance && query.Entity is null && query.After is null or { Rank: not null }
            && await index.SearchAsync(query, query.Limit + 1, cancellationToken) is { } ranked)
        {
            return await PageAsync(index, query, ranked.Items, cancellationToken);
        }
        var sort = query.EffectiveSort;
        var hasText = query.Text is not null;
        await using var command = dataSource.CreateCommand();
        var matching = Matching(query, command);

        var keyset = "";
        if (query.After is { } after)
        {
            keyset = sort == ArticleSort.Relevance
                ? "WHERE (rank, published_or_ingested_at, id) < (@after_rank, @after_at, @after_id)"
                : "WHERE (published_or_ingested_at, id) < (@after_at, @after_id)";
            command.Parameters.Add(new NpgsqlParameter("after_rank", NpgsqlDbType.Real) { Value = (object?)after.Rank ?? DBNull.Value });
            command.Parameters.AddWithValue("after_at", after.At.ToUniversalTime());
            command.Parameters.AddWithValue("after_id", after.Id);
        }
        command.Parameters.AddWithValue("limit", query.Limit + 1);
        command.Parameters.AddWithValue("headline_options", Highlight.HeadlineOptions);

        var order = sort == ArticleSort.Relevance
            ? "rank DESC, published_or_ingested_at DESC, id DESC"
            : "published_or_ingested_at DESC, id DESC";
        var snippet = hasText
            ? $"ts_headline('{Config}', a.body, websearch_to_tsquery('{Config}', @text), @headline_options)"
            : $"left(a.body, {LeadLength + 1})";

        command.CommandText = new StringBuilder()
            .Append("WITH page AS (SELECT * FROM (SELECT a.id, a.title, a.url, s.name AS source, a.language, a.published_at, ")
            .Append("a.ingested_at, a.status, a.published_or_ingested_at, ")
            .Append(hasText ? "ts_rank_cd(a.search_vector, q.query) AS rank " : "NULL::real AS rank ")
            .Append(matching)
            .Append(") AS candidates ").Append(keyset)
            .Append(" ORDER BY ").Append(order).Append(" LIMIT @limit) ")
            .Append("SELECT page.*, ").Append(snippet).Append(" AS snippet FROM page JOIN articles a ON a.id = page.id ")
            // Bare names in ORDER BY resolve to the output columns (page.*), so the same ordering text serves twice.
            .Append("ORDER BY ").Append(order)
            .ToString();

        var hits = new List<(ArticleHit Hit, ArticleCursor Cursor)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rank = reader.IsDBNull(9) ? (float?)null : reader.GetFloat(9);
            var rawSnippet = reader.GetString(10);
            var hit = ReadHit(reader, rank, hasText ? Highlight.ToHtml(rawSnippet) : Highlight.Lead(rawSnippet, LeadLength));
            // A newest-first page has a rank to show when there is a query, but its keyset does not use it.
            var cursorRank = sort == ArticleSort.Relevance ? rank : null;
            hits.Add((hit, new ArticleCursor(sort, cursorRank, reader.GetFieldValue<DateTimeOffset>(8), hit.Id)));
        }

        var hasMore = hits.Count > query.Limit;
        var page = hasMore ? hits[..query.Limit] : hits;
        return new ArticlePage(page.Select(h => h.Hit).ToList(), hasMore ? page[^1].Cursor : null);
    }

    /// <summary>
    /// The page of the index's ranked hits (one more than the limit when there are more): their rows in that order, each
    /// with the passage of its body holding the most matches as its snippet, and with the filters applied again so an
    /// article that changed since it was indexed never shows where it no longer belongs.
    /// The cursor is the last hit's, shown or not, so the next page starts after it.
    /// </summary>
    private async Task<ArticlePage> PageAsync(ArticleIndex ranking, ArticleQuery query, IReadOnlyList<ArticleIndex.Hit> ranked, CancellationToken cancellationToken)
    {
        var page = ranked.Take(query.Limit).ToList();
        await using var command = dataSource.CreateCommand();
        var filters = Filters(query, command, matchText: false);
        command.Parameters.AddWithValue("ids", page.Select(hit => hit.Id).ToArray());
        command.CommandText = $"""
            SELECT a.id, a.title, a.url, s.name, a.language, a.published_at, a.ingested_at, a.status, a.body
            FROM unnest(@ids) WITH ORDINALITY AS page(id, position) JOIN articles a ON a.id = page.id LEFT JOIN sources s ON s.id = a.source_id
            WHERE {filters}
            ORDER BY page.position
            """;
        var scores = page.ToDictionary(hit => hit.Id, hit => hit.Score);
        // Snippets marked here with the index's analyser, not by ts_headline: that CPU is the API's, which scales out.
        var marked = ranking.Parse(query.Text!);
        var hits = new List<ArticleHit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hits.Add(ReadHit(reader, scores[reader.GetGuid(0)], ranking.Snippet(marked, reader.GetString(8), LeadLength)));
        }
        return new ArticlePage(hits, ranked.Count > query.Limit ? new ArticleCursor(ArticleSort.Relevance, page[^1].Score, page[^1].At, page[^1].Id) : null);
    }

    /// <summary>A hit from its first columns: id, title, url, source, language, published_at, ingested_at, status.</summary>
    private static ArticleHit ReadHit(NpgsqlDataReader reader, float? score, string snippet) => new(
        Id: reader.GetGuid(0),
        Title: reader.GetString(1),
        Url: reader.IsDBNull(2) ? null : reader.GetString(2),
        Source: reader.IsDBNull(3) ? null : reader.GetString(3),
        Language: reader.IsDBNull(4) ? null : reader.GetString(4),
        PublishedAt: reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        IngestedAt: reader.GetFieldValue<DateTimeOffset>(6),
        Status: Enum.Parse<ArticleStatus>(reader.GetString(7), ignoreCase: true),
        Score: score,
        Snippet: snippet);

    /// <summary>Counts over (at most <see cref="FacetSampleSize"/> of) the matching articles, for dashboard filters.</summary>
    public async Task<IReadOnlyDictionary<ArticleFacet, IReadOnlyList<FacetValue>>> FacetsAsync(
        ArticleQuery query, IReadOnlySet<ArticleFacet> facets, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<ArticleFacet, IReadOnlyList<FacetValue>>();
        foreach (var facet in facets.Order())
        {
            await using var command = dataSource.CreateCommand();
            var matched = $"SELECT a.id, a.source_id, a.published_or_ingested_at {Matching(query, command)} LIMIT {FacetSampleSize}";
            command.CommandText = $"WITH matched AS ({matched}) " + facet switch
            {
                ArticleFacet.Source => """
                    SELECT s.name, s.name, count(*) FROM matched JOIN sources AS s ON s.id = matched.source_id
                    GROUP BY s.name ORDER BY 3 DESC, 1 LIMIT 20
                    """,
                ArticleFacet.Day => """
                    SELECT d::text, d::text, count(*) FROM (SELECT (published_or_ingested_at AT TIME ZONE 'UTC')::date AS d FROM matched) AS days
                    GROUP BY d ORDER BY d DESC LIMIT 366
                    """,
                ArticleFacet.Entity => """
                    SELECT e.id::text, e.canonical_name, count(*) FROM matched
                    JOIN article_entities AS ae ON ae.article_id = matched.id JOIN entities AS e ON e.id = ae.entity_id
                    GROUP BY e.id, e.canonical_name ORDER BY 3 DESC, 2 LIMIT 20
                    """,
                ArticleFacet.EntityType => """
                    SELECT e.type, e.type, count(DISTINCT matched.id) FROM matched
                    JOIN article_entities AS ae ON ae.article_id = matched.id JOIN entities AS e ON e.id = ae.entity_id
                    GROUP BY e.type ORDER BY 3 DESC, 1
                    """,
                _ => """
                    SELECT left(ev.type_code, 2), left(ev.type_code, 2), count(*) FROM matched
                    JOIN events AS ev ON ev.article_id = matched.id WHERE ev.rejected_at IS NULL
                    GROUP BY 1 ORDER BY 3 DESC, 1
                    """,
            };
            var values = new List<FacetValue>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                values.Add(new FacetValue(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
            counts[facet] = values;
        }
        return counts;
    }

    /// <summary>Facets count at most this many of the matching articles (on broad queries, whichever the scan meets first), to stay fast.</summary>
    public const int FacetSampleSize = 10_000;

    /// <summary>FROM and WHERE for the articles a query matches; adds its parameters to the command.</summary>
    private static string Matching(ArticleQuery query, NpgsqlCommand command) =>
        "FROM articles a LEFT JOIN sources s ON s.id = a.source_id "
        + (query.Text is not null ? $"CROSS JOIN websearch_to_tsquery('{Config}', @text) AS q(query) " : "")
        + $"WHERE {Filters(query, command, matchText: true)}";

    /// <summary>The conditions of a query on <c>a</c> (articles) and <c>s</c> (sources), the text match (against <c>q</c>) only when asked.</summary>
    private static SqlConditions Filters(ArticleQuery query, NpgsqlCommand command, bool matchText)
    {
        var filters = new SqlConditions(command);
        if (matchText && query.Text is { } text) filters.Add("a.search_vector @@ q.query", "text", text);
        if (query.Source is { } source) filters.Add("lower(s.name) = lower(@source)", "source", source);
        if (query.Language is { } language) filters.Add("a.language = @language", "language", language);
        if (query.Entity is { } entity)
        {
            filters.Add("EXISTS (SELECT 1 FROM article_entities AS ae WHERE ae.article_id = a.id AND ae.entity_id = @entity)", "entity", entity);
        }
        if (query.From is { } from) filters.Add("a.published_or_ingested_at >= @from", "from", from.ToUniversalTime());
        if (query.To is { } to) filters.Add("a.published_or_ingested_at < @to", "to", to.ToUniversalTime());
        if (!query.IncludeDuplicates) filters.Add("a.duplicate_of IS NULL");
        return filters;
    }
}
