using System.Globalization;
using System.Threading.Channels;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Npgsql;

namespace NewsEvents.Cli;

/// <summary>
/// An in-process Lucene.Net index of the store's articles (title and body through the English analyzer; id, date and
/// source stored), searched top-k by BM25 with the same filters as the SQL: the embedded-engine design of issue 7.
/// Derived data in its own folder, rebuilt from PostgreSQL whenever it does not hold the store's article count.
/// </summary>
internal sealed class LuceneArticleIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string AtField = "at";
    private const string SourceField = "source";
    private const string TitleField = "title";
    private const string BodyField = "body";
    private const string DuplicateField = "duplicate";

    /// <summary>PostgreSQL weighs the title A (1.0) and the body B (0.4); the title counts for more here too.</summary>
    private static readonly IReadOnlyDictionary<string, float> FieldBoosts = new Dictionary<string, float> { [TitleField] = 2.5f, [BodyField] = 1f };

    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly EnglishAnalyzer _analyzer = new(Version);

    private LuceneArticleIndex(string path)
    {
        _directory = FSDirectory.Open(path);
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        SizeBytes = new DirectoryInfo(path).EnumerateFiles().Sum(file => file.Length);
    }

    public int DocumentCount => _reader.NumDocs;

    public long SizeBytes { get; }

    /// <summary>Opens the index in <paramref name="path"/>, building it first when asked or when it does not hold <paramref name="articles"/> documents.</summary>
    public static async Task<(LuceneArticleIndex Index, bool Built)> OpenOrBuildAsync(string path, NpgsqlDataSource dataSource, long articles, bool rebuild)
    {
        if (!rebuild && DirectoryReader.IndexExists(FSDirectory.Open(path)))
        {
            var existing = new LuceneArticleIndex(path);
            if (existing.DocumentCount == articles)
            {
                return (existing, false);
            }
            existing.Dispose();
        }
        await BuildAsync(path, dataSource);
        return (new LuceneArticleIndex(path), true);
    }

    /// <summary>Ids of the best <paramref name="limit"/> matches of a websearch-syntax query, best first.</summary>
    public Guid[] Search(string text, string? source, DateTimeOffset? from, DateTimeOffset? to, int limit)
    {
        var hits = _searcher.Search(Query(text, source, from, to), limit).ScoreDocs;
        var ids = new Guid[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            ids[i] = Guid.Parse(_searcher.Doc(hits[i].Doc).Get(IdField, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        return ids;
    }

    /// <summary>A websearch-syntax query over title and body, with the terms its snippets mark.</summary>
    public WebSearchQuery Parse(string text) => WebSearchQuery.Parse(text, _analyzer, FieldBoosts);

    /// <summary>The snippet of an article's body for a query (see <see cref="WebSearchQuery.Snippet"/>).</summary>
    public string Snippet(WebSearchQuery query, string body, int length) => query.Snippet(_analyzer, BodyField, body, length);

    /// <summary>How many articles match (Lucene counts every match while it collects the top ones).</summary>
    public int Count(string text, string? source, DateTimeOffset? from, DateTimeOffset? to) =>
        _searcher.Search(Query(text, source, from, to), 1).TotalHits;

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    private BooleanQuery Query(string text, string? source, DateTimeOffset? from, DateTimeOffset? to)
    {
        var query = new BooleanQuery
        {
            { Parse(text).Query, Occur.MUST },
            { new TermQuery(new Term(DuplicateField, "true")), Occur.MUST_NOT },
        };
        // Filters score nothing: a zero boost keeps BM25's order of the text matches.
        if (source is not null)
        {
            query.Add(new TermQuery(new Term(SourceField, source.ToLowerInvariant())) { Boost = 0 }, Occur.MUST);
        }
        if (from is not null || to is not null)
        {
            var range = NumericRangeQuery.NewInt64Range(AtField, from?.ToUnixTimeMilliseconds(), to?.ToUnixTimeMilliseconds(), true, false);
            range.Boost = 0;
            query.Add(range, Occur.MUST);
        }
        return query;
    }

    /// <summary>Streams every article from PostgreSQL into a fresh index, one indexing thread per core.</summary>
    private static async Task BuildAsync(string path, NpgsqlDataSource dataSource)
    {
        System.IO.Directory.CreateDirectory(path);
        using var directory = FSDirectory.Open(path);
        using var analyzer = new EnglishAnalyzer(Version);
        var config = new IndexWriterConfig(Version, analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 256, Similarity = new BM25Similarity() };
        using var writer = new IndexWriter(directory, config);
        var documents = Channel.CreateBounded<Document>(1000);
        var indexers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            await foreach (var document in documents.Reader.ReadAllAsync())
            {
                writer.AddDocument(document);
            }
        })).ToArray();

        await using (var command = dataSource.CreateCommand("""
            SELECT a.id, a.title, a.body, a.published_or_ingested_at, lower(s.name), a.duplicate_of IS NOT NULL
            FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id
            """))
        {
            command.CommandTimeout = 0;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var document = new Document
                {
                    new StringField(IdField, reader.GetGuid(0).ToString(), Field.Store.YES),
                    new TextField(TitleField, reader.GetString(1), Field.Store.NO),
                    new TextField(BodyField, reader.GetString(2), Field.Store.NO),
                    new Int64Field(AtField, reader.GetFieldValue<DateTimeOffset>(3).ToUnixTimeMilliseconds(), Field.Store.YES),
                };
                if (!reader.IsDBNull(4))
                {
                    document.Add(new StringField(SourceField, reader.GetString(4), Field.Store.YES));
                }
                if (reader.GetBoolean(5))
                {
                    document.Add(new StringField(DuplicateField, "true", Field.Store.NO));
                }
                await documents.Writer.WriteAsync(document);
            }
        }
        documents.Writer.Complete();
        await Task.WhenAll(indexers);
        writer.Commit();
    }
}
