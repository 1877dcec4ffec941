using System.Data;
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

namespace NewsEvents.Core.Search;

/// <summary>
/// This instance's Lucene.Net index of the articles (decision 017): title and body through the English analyser,
/// searched top-k by BM25, with date, source, language and the duplicate flag as filters. Derived data only: built
/// from one PostgreSQL snapshot, then fed from the change log (<see cref="SearchChangeLog"/>); each commit records the
/// watermark it has applied, so a restart resumes there. A search is answered from the index plus the articles changed
/// since that watermark (indexed per request in memory), so it is correct however far the indexer lags.
/// </summary>
public sealed class ArticleIndex(string? path, NpgsqlDataSource dataSource, int maxPending) : IDisposable
{
    /// <summary>What a document holds; an index committed with another version is rebuilt.</summary>
    private const string FormatVersion = "1";

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string AtField = "at";
    private const string SourceField = "source";
    private const string LanguageField = "language";
    private const string TitleField = "title";
    private const string BodyField = "body";
    private const string DuplicateField = "duplicate";
    private const string WatermarkKey = "watermark";
    private const string FormatKey = "format";

    /// <summary>PostgreSQL weighs the title A (1.0) and the body B (0.4); the title counts for more here too.</summary>
    private static readonly IReadOnlyDictionary<string, float> FieldBoosts = new Dictionary<string, float> { [TitleField] = 2.5f, [BodyField] = 1f };

    /// <summary>Relevance, then newer first, then id: the keyset of a relevance-ordered page, as in SQL.</summary>
    private static readonly Sort RelevanceOrder = new(SortField.FIELD_SCORE, new SortField(AtField, SortFieldType.INT64, true), new SortField(IdField, SortFieldType.STRING, true));

    /// <summary>One row per article: the key (an id from the change log, or the article's own), then the article's columns (NULL when it is gone).</summary>
    private const string DocumentColumns = "a.title, a.body, a.published_or_ingested_at, lower(s.name), a.language, a.duplicate_of IS NOT NULL";

    /// <summary>The joins that go with <see cref="DocumentColumns"/> for keys <c>c(id)</c>.</summary>
    private const string ArticleRows = "LEFT JOIN articles AS a ON a.id = c.id LEFT JOIN sources AS s ON s.id = a.source_id";

    private readonly EnglishAnalyzer _analyzer = new(Version);
    private readonly SearchChangeLog _changes = new(dataSource);
    private readonly SemaphoreSlim _updates = new(1, 1);
    private FSDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private ulong _watermark;
    private long _lagTicks;

    /// <summary>A hit of the index: the article, its BM25 score and its date (the rest of the keyset).</summary>
    public sealed record Hit(Guid Id, float Score, DateTimeOffset At);

    /// <param name="TotalHits">Every match (Lucene scores all of them to find the best).</param>
    public sealed record Hits(IReadOnlyList<Hit> Items, int TotalHits);

    /// <summary>Whether an index folder is configured.</summary>
    public bool IsConfigured => path is not null;

    /// <summary>Whether the index is open and searchable (searches run in SQL until then).</summary>
    public bool IsReady => Volatile.Read(ref _searchers) is not null;

    /// <summary>Every change below this transaction id is in the searchable index.</summary>
    public ulong Watermark => Volatile.Read(ref _watermark);

    /// <summary>Age of the oldest change not yet in the searchable index, as of its last update (zero when none).</summary>
    public TimeSpan Lag => TimeSpan.FromTicks(Interlocked.Read(ref _lagTicks));

    public int DocumentCount => Searchable(searcher => searcher.IndexReader.NumDocs);

    public long SizeBytes => new DirectoryInfo(Folder).EnumerateFiles().Sum(file => file.Length);

    private string Folder => path ?? throw new InvalidOperationException("No index folder is configured (Search:IndexPath).");

    /// <summary>
    /// Opens the committed index, or builds it from scratch when asked, when there is none, or when it is unreadable,
    /// of another format, or from another store; then it is searchable. Returns whether it was built.
    /// </summary>
    public async Task<bool> OpenAsync(bool rebuild, CancellationToken cancellationToken)
    {
        await _updates.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(Folder);
            var directory = new NIOFSDirectory(Folder);
            var committed = rebuild ? null : await CommittedWatermarkAsync(directory, cancellationToken);
            if (committed is null)
            {
                foreach (var file in System.IO.Directory.EnumerateFiles(Folder))
                {
                    File.Delete(file);
                }
            }
            var writer = new IndexWriter(directory, new IndexWriterConfig(Version, _analyzer)
            {
                OpenMode = committed is null ? OpenMode.CREATE : OpenMode.APPEND,
                RAMBufferSizeMB = 64,
                Similarity = new BM25Similarity(),
            });
            ulong watermark;
            try
            {
                watermark = committed ?? await BuildAsync(writer, cancellationToken);
            }
            catch
            {
                // Releases the folder's write lock, so the next attempt can start again.
                writer.Dispose();
                directory.Dispose();
                throw;
            }
            (_directory, _writer, _watermark) = (directory, writer, watermark);
            Volatile.Write(ref _searchers, new SearcherManager(writer, applyAllDeletes: true, null));
            return committed is null;
        }
        finally
        {
            _updates.Release();
        }
    }

    /// <summary>
    /// Applies every article changed since the watermark (its current row, or its deletion) from one snapshot, commits
    /// with that snapshot's watermark and makes the result searchable. Returns how many articles it applied.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        await _updates.WaitAsync(cancellationToken);
        try
        {
            var writer = _writer ?? throw new InvalidOperationException("The index is not open.");
            var (applied, next) = await _changes.ReadAsync(Watermark, async (changes, transaction) =>
            {
                var command = new NpgsqlCommand(
                    $"SELECT c.id, {DocumentColumns} FROM unnest($1::uuid[]) AS c(id) {ArticleRows}", transaction.Connection, transaction);
                command.Parameters.Add(new NpgsqlParameter { Value = changes.Articles.ToArray() });
                await foreach (var (id, document) in DocumentsAsync(command, cancellationToken))
                {
                    if (document is null)
                    {
                        writer.DeleteDocuments(new Term(IdField, Key(id)));
                    }
                    else
                    {
                        writer.UpdateDocument(new Term(IdField, Key(id)), document);
                    }
                }
                return (changes.Articles.Count, changes.Watermark);
            }, cancellationToken);
            if (applied > 0 || next != Watermark)
            {
                Commit(writer, next);
                _searchers!.MaybeRefreshBlocking();
                // Only now: a search reads the watermark before it takes a searcher, so it never pairs a newer
                // watermark with an older searcher (the other way round only widens its pending set).
                Volatile.Write(ref _watermark, next);
            }
            Interlocked.Exchange(ref _lagTicks, (await _changes.LagAsync(next, cancellationToken)).Ticks);
            return applied;
        }
        finally
        {
            _updates.Release();
        }
    }

    /// <summary>Holds the index at its watermark until disposed (the indexer waits); searches stay correct through the pending articles.</summary>
    public async Task<IDisposable> PauseAsync(CancellationToken cancellationToken)
    {
        await _updates.WaitAsync(cancellationToken);
        return new Pause(_updates);
    }

    /// <summary>
    /// The best <paramref name="count"/> articles for a text query with the query's filters, after its cursor; null when
    /// more than the configured maximum of articles changed since the watermark (the caller searches in SQL).
    /// </summary>
    public async Task<Hits?> SearchAsync(ArticleQuery query, int count, CancellationToken cancellationToken)
    {
        var searchers = _searchers ?? throw new InvalidOperationException("The index is not open.");
        var watermark = Watermark;
        var pending = new List<(Guid Id, Document? Document)>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var command = new NpgsqlCommand($"""
                SELECT c.id, {DocumentColumns}
                FROM (SELECT DISTINCT article_id FROM search_changes WHERE xid >= $1::xid8 LIMIT $2) AS c(id) {ArticleRows}
                """, connection);
            command.Parameters.Add(SearchChangeLog.Xid(watermark));
            command.Parameters.Add(new NpgsqlParameter { Value = maxPending + 1 });
            await foreach (var change in DocumentsAsync(command, cancellationToken))
            {
                pending.Add(change);
            }
        }
        if (pending.Count > maxPending)
        {
            return null;
        }

        var indexed = searchers.Acquire();
        try
        {
            using var changed = new RAMDirectory();
            var readers = new List<IndexReader> { indexed.IndexReader };
            if (pending.Any(change => change.Document is not null))
            {
                using var writer = new IndexWriter(changed, new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity() });
                writer.AddDocuments(pending.Where(change => change.Document is not null).Select(change => change.Document!));
                writer.Commit();
                readers.Add(DirectoryReader.Open(changed));
            }
            // Both readers in one searcher, so the pending articles are scored with the same statistics as the rest.
            using var all = new MultiReader([.. readers], closeSubReaders: false);
            try
            {
                var searcher = new IndexSearcher(all) { Similarity = new BM25Similarity() };
                var text = Parse(query.Text!).Query;
                var current = Filters(query, indexed.IndexReader.MaxDoc, pending.Select(change => Key(change.Id)));
                FieldDoc? after = null;
                if (query.After is { Rank: { } rank } cursor)
                {
                    // Scores move as articles come and go (BM25 weighs terms by the whole collection), so the page continues
                    // after the cursor's article as it scores now; the cursor's score serves only if it no longer matches.
                    var now = searcher.Search(new BooleanQuery { { text, Occur.MUST }, { new TermQuery(new Term(IdField, Key(cursor.Id))) { Boost = 0 }, Occur.MUST } }, current, 1).ScoreDocs;
                    var score = now.Length > 0 ? now[0].Score : rank;
                    after = new FieldDoc(int.MaxValue, score, [J2N.Numerics.Single.GetInstance(score), J2N.Numerics.Int64.GetInstance(Micros(cursor.At)), new BytesRef(Key(cursor.Id))]);
                }
                var top = searcher.SearchAfter(after, text, current, count, RelevanceOrder, doDocScores: true, doMaxScore: false);
                return new Hits([.. top.ScoreDocs.Cast<FieldDoc>().Select(hit => new Hit(
                    Guid.Parse(((BytesRef)hit.Fields[2]).Utf8ToString(), CultureInfo.InvariantCulture),
                    hit.Score,
                    DateTimeOffset.UnixEpoch.AddTicks(Convert.ToInt64(hit.Fields[1], CultureInfo.InvariantCulture) * 10)))], top.TotalHits);
            }
            finally
            {
                foreach (var reader in readers.Skip(1))
                {
                    reader.Dispose();
                }
            }
        }
        finally
        {
            searchers.Release(indexed);
        }
    }

    /// <summary>A websearch-syntax query over title and body, with the terms its snippets mark.</summary>
    internal WebSearchQuery Parse(string text) => WebSearchQuery.Parse(text, _analyzer, FieldBoosts);

    /// <summary>The snippet of an article's body for a query (see <see cref="WebSearchQuery.Snippet"/>).</summary>
    internal string Snippet(WebSearchQuery query, string body, int length) => query.Snippet(_analyzer, BodyField, body, length);

    public void Dispose()
    {
        _searchers?.Dispose();
        _writer?.Dispose();
        _directory?.Dispose();
        _analyzer.Dispose();
        _updates.Dispose();
    }

    private T Searchable<T>(Func<IndexSearcher, T> read)
    {
        var searchers = _searchers ?? throw new InvalidOperationException("The index is not open.");
        var searcher = searchers.Acquire();
        try
        {
            return read(searcher);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>The query's filters, with the indexed versions of the changed articles left out.</summary>
    private static Accepted Filters(ArticleQuery query, int indexedDocuments, IEnumerable<string> changed)
    {
        var required = new List<Query>();
        if (query.Source is { } source)
        {
            required.Add(new TermQuery(new Term(SourceField, source.ToLowerInvariant())));
        }
        if (query.Language is { } language)
        {
            required.Add(new TermQuery(new Term(LanguageField, language)));
        }
        if (query.From is not null || query.To is not null)
        {
            required.Add(NumericRangeQuery.NewInt64Range(AtField, query.From is { } from ? Micros(from) : null, query.To is { } to ? Micros(to) : null, true, false));
        }
        var excluded = query.IncludeDuplicates ? null : new TermQuery(new Term(DuplicateField, "true"));
        return new Accepted(indexedDocuments, changed, required, excluded);
    }

    /// <summary>The watermark of the committed index, or null when it must be rebuilt.</summary>
    private async Task<ulong?> CommittedWatermarkAsync(Lucene.Net.Store.Directory directory, CancellationToken cancellationToken)
    {
        IDictionary<string, string> data;
        try
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                return null;
            }
            using var reader = DirectoryReader.Open(directory);
            data = reader.IndexCommit.UserData;
        }
        catch (IOException)
        {
            return null; // unreadable: rebuilt
        }
        if (!data.TryGetValue(FormatKey, out var format) || format != FormatVersion
            || !data.TryGetValue(WatermarkKey, out var text) || !ulong.TryParse(text, CultureInfo.InvariantCulture, out var watermark))
        {
            return null;
        }
        // Transaction ids only grow: a watermark ahead of the store's was committed from another store.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return watermark <= await SearchChangeLog.SnapshotWatermarkAsync(connection, null, cancellationToken) ? watermark : null;
    }

    /// <summary>Streams every article into the empty index from one snapshot, one indexing thread per core; commits with the snapshot's watermark.</summary>
    private async Task<ulong> BuildAsync(IndexWriter writer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var noTimeout = new NpgsqlCommand("SET LOCAL statement_timeout = 0", connection, transaction))
        {
            await noTimeout.ExecuteNonQueryAsync(cancellationToken);
        }
        var watermark = await SearchChangeLog.SnapshotWatermarkAsync(connection, transaction, cancellationToken);
        var documents = Channel.CreateBounded<Document>(1000);
        var indexers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(async () =>
        {
            await foreach (var document in documents.Reader.ReadAllAsync(cancellationToken))
            {
                writer.AddDocument(document);
            }
        }, cancellationToken)).ToArray();
        try
        {
            var command = new NpgsqlCommand($"SELECT a.id, {DocumentColumns} FROM articles AS a LEFT JOIN sources AS s ON s.id = a.source_id", connection, transaction);
            await foreach (var (_, document) in DocumentsAsync(command, cancellationToken))
            {
                await documents.Writer.WriteAsync(document!, cancellationToken);
            }
        }
        finally
        {
            documents.Writer.Complete();
            await Task.WhenAll(indexers);
        }
        Commit(writer, watermark);
        return watermark;
    }

    /// <summary>Reads rows of (key, <see cref="DocumentColumns"/>) as documents; disposes the command.</summary>
    private static async IAsyncEnumerable<(Guid Id, Document? Document)> DocumentsAsync(
        NpgsqlCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (reader.IsDBNull(1))
            {
                yield return (id, null);
                continue;
            }
            var at = Micros(reader.GetFieldValue<DateTimeOffset>(3));
            var document = new Document
            {
                new StringField(IdField, Key(id), Field.Store.NO),
                new SortedDocValuesField(IdField, new BytesRef(Key(id))),
                new TextField(TitleField, reader.GetString(1), Field.Store.NO),
                new TextField(BodyField, reader.GetString(2), Field.Store.NO),
                new Int64Field(AtField, at, Field.Store.NO),
                new NumericDocValuesField(AtField, at),
            };
            if (!reader.IsDBNull(4))
            {
                document.Add(new StringField(SourceField, reader.GetString(4), Field.Store.NO));
            }
            if (!reader.IsDBNull(5))
            {
                document.Add(new StringField(LanguageField, reader.GetString(5), Field.Store.NO));
            }
            if (reader.GetBoolean(6))
            {
                document.Add(new StringField(DuplicateField, "true", Field.Store.NO));
            }
            yield return (id, document);
        }
    }

    private static void Commit(IndexWriter writer, ulong watermark)
    {
        writer.SetCommitData(new Dictionary<string, string>
        {
            [WatermarkKey] = watermark.ToString(CultureInfo.InvariantCulture),
            [FormatKey] = FormatVersion,
        });
        writer.Commit();
    }

    /// <summary>An id as indexed: its canonical text, which sorts as PostgreSQL sorts uuids.</summary>
    private static string Key(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Microseconds since 1970, PostgreSQL's precision.</summary>
    private static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>
    /// The documents a search may return: those matching every required query and not the excluded one, less the
    /// indexed versions of the articles changed since the watermark (their current versions, if any, are in the reader
    /// after the first <paramref name="indexedDocuments"/>). One random-access bit set a segment, so the text is
    /// scored by Lucene's bulk disjunction scorer as if the filters were deleted documents; as MUST and MUST_NOT clauses
    /// beside the text they nest it in a conjunction, which made a very common term up to twice as slow (decision 017).
    /// </summary>
    private sealed class Accepted(int indexedDocuments, IEnumerable<string> changed, IReadOnlyList<Query> required, Query? excluded) : Filter
    {
        private readonly string[] _changed = [.. changed];

        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
        {
            var accepted = new FixedBitSet(context.Reader.MaxDoc);
            accepted.Set(0, context.Reader.MaxDoc);
            foreach (var query in required)
            {
                if (Matching(query, context) is not { } matching)
                {
                    return null; // nothing in this segment
                }
                accepted.And(matching);
            }
            if (excluded is not null && Matching(excluded, context) is { } unwanted)
            {
                accepted.AndNot(unwanted);
            }
            if (context.DocBase < indexedDocuments)
            {
                foreach (var id in _changed)
                {
                    if (context.AtomicReader.GetTermDocsEnum(new Term(IdField, id)) is { } docs)
                    {
                        for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                        {
                            accepted.Clear(doc);
                        }
                    }
                }
            }
            return BitsFilteredDocIdSet.Wrap(accepted, acceptDocs);
        }

        private static DocIdSetIterator? Matching(Query query, AtomicReaderContext context) =>
            new QueryWrapperFilter(query).GetDocIdSet(context, null)?.GetIterator();
    }

    private sealed class Pause(SemaphoreSlim updates) : IDisposable
    {
        public void Dispose() => updates.Release();
    }
}
