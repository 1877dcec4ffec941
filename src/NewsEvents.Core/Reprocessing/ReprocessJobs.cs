using Microsoft.Extensions.Options;
using NewsEvents.Core.Data;
using NewsEvents.Core.Ingestion;
using Npgsql;
using NpgsqlTypes;

namespace NewsEvents.Core.Reprocessing;

/// <summary>Which processed articles a reprocess job re-runs; every part is optional and they combine with AND.</summary>
/// <param name="From">Published (else ingested) at or after this time.</param>
/// <param name="To">Published (else ingested) before this time.</param>
/// <param name="Source">The source's name, case-insensitive.</param>
/// <param name="ExtractorVersion">Results made by this extractor version, or with a leading "!" by any other.</param>
public sealed record ReprocessFilter(DateTimeOffset? From, DateTimeOffset? To, string? Source, string? ExtractorVersion)
{
    public const string Not = "!";
}

/// <param name="Total">Matching processed articles when queueing started; null while the job is pending.</param>
/// <param name="Processed">Of the job's queued articles, those processed again since it queued them.</param>
/// <param name="Failed">Of the job's queued articles, those parked as failed since it queued them.</param>
public sealed record ReprocessJobProgress(
    Guid Id, ReprocessJobStatus Status, ReprocessFilter Filter, int? Total, int Queued, int Processed, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// Reprocess jobs in reprocess_jobs. A job's articles are put on the ordinary ingestion queue a chunk at a time, each
/// chunk in one transaction with the job row locked FOR UPDATE SKIP LOCKED and its cursor advanced, so any number of
/// processes can share the work and a restart resumes after the last committed chunk. An article already on the queue
/// is not queued again (ON CONFLICT DO NOTHING), and processing replaces an article's results, so re-running is safe.
/// </summary>
public sealed class ReprocessJobs(NpgsqlDataSource dataSource, TimeProvider time, IOptions<IngestionOptions> options)
{
    /// <summary>The filter of job <c>j</c> applied to article <c>a</c>.</summary>
    private const string Matches = $"""
        a.status = 'processed'
        AND (j.from_at IS NULL OR a.published_or_ingested_at >= j.from_at)
        AND (j.to_at IS NULL OR a.published_or_ingested_at < j.to_at)
        AND (j.source IS NULL OR a.source_id IN (SELECT s.id FROM sources AS s WHERE lower(s.name) = lower(j.source)))
        AND (j.extractor_version IS NULL OR CASE
            WHEN left(j.extractor_version, 1) = '{ReprocessFilter.Not}' THEN a.extractor_version IS DISTINCT FROM substr(j.extractor_version, 2)
            ELSE a.extractor_version = j.extractor_version END)
        """;

    /// <summary>
    /// A job's article that is done. The job queued it (or found it queued) and an article on the queue is always
    /// queued or processing, so processed or failed means it has left the queue since: no clocks are compared.
    /// </summary>
    private const string Processed = "a.status = 'processed'";
    private const string Failed = "a.status = 'failed'";

    /// <summary>Jobs with their progress: counted over their articles while unfinished, as frozen at completion after.</summary>
    private const string Progress = $"""
        SELECT j.id, j.status, j.from_at, j.to_at, j.source, j.extractor_version, j.total, j.queued, j.created_at, j.finished_at,
               coalesce(j.processed, live.processed), coalesce(j.failed, live.failed)
        FROM reprocess_jobs AS j
        LEFT JOIN LATERAL (
            SELECT count(*) FILTER (WHERE {Processed})::int AS processed, count(*) FILTER (WHERE {Failed})::int AS failed
            FROM reprocess_job_articles AS ja JOIN articles AS a ON a.id = ja.article_id
            WHERE ja.job_id = j.id AND j.finished_at IS NULL
        ) AS live ON true
        """;

    /// <summary>Records a pending job; null (and nothing recorded) when the filter names no known source.</summary>
    public async Task<ReprocessJobProgress?> CreateAsync(ReprocessFilter filter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO reprocess_jobs (id, status, from_at, to_at, source, extractor_version, queued, created_at)
            SELECT @id, 'pending', @from, @to, @source, @version, 0, @now
            WHERE @source IS NULL OR EXISTS (SELECT FROM sources WHERE lower(name) = lower(@source))
            """);
        command.Parameters.Add(new("id", id));
        command.Parameters.Add(new("from", NpgsqlDbType.TimestampTz) { Value = (object?)filter.From ?? DBNull.Value });
        command.Parameters.Add(new("to", NpgsqlDbType.TimestampTz) { Value = (object?)filter.To ?? DBNull.Value });
        command.Parameters.Add(new("source", NpgsqlDbType.Text) { Value = (object?)filter.Source ?? DBNull.Value });
        command.Parameters.Add(new("version", NpgsqlDbType.Text) { Value = (object?)filter.ExtractorVersion ?? DBNull.Value });
        command.Parameters.Add(new("now", now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : new ReprocessJobProgress(id, ReprocessJobStatus.Pending, filter, null, 0, 0, 0, now, null);
    }

    public async Task<ReprocessJobProgress?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ReadAsync($"{Progress} WHERE j.id = @id", cancellationToken, new NpgsqlParameter("id", id))).SingleOrDefault();

    /// <summary>Newest first: up to <paramref name="limit"/> jobs created before the job <paramref name="before"/>, if given.</summary>
    public Task<List<ReprocessJobProgress>> ListAsync(int limit, Guid? before, CancellationToken cancellationToken) =>
        ReadAsync($"{Progress} WHERE @before::uuid IS NULL OR j.id < @before ORDER BY j.id DESC LIMIT @limit", cancellationToken,
            new NpgsqlParameter("before", NpgsqlDbType.Uuid) { Value = (object?)before ?? DBNull.Value },
            new NpgsqlParameter("limit", limit));

    /// <summary>
    /// Queues the next chunk of the oldest unfinished job not being queued elsewhere; starts it first if it is pending.
    /// False when no job had anything left to queue.
    /// </summary>
    public async Task<bool> QueueNextChunkAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid jobId;
        await using (var claim = new NpgsqlCommand("""
            SELECT id FROM reprocess_jobs WHERE status IN ('pending', 'queueing')
            ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            if (await claim.ExecuteScalarAsync(cancellationToken) is not Guid claimed)
            {
                return false;
            }
            jobId = claimed;
        }
        await using (var start = new NpgsqlCommand($"""
            UPDATE reprocess_jobs AS j
            SET status = 'queueing', started_at = @now,
                total = (SELECT count(*) FROM articles AS a WHERE {Matches})
            WHERE j.id = @job AND j.status = 'pending'
            """, connection, transaction))
        {
            start.Parameters.Add(new("job", jobId));
            start.Parameters.Add(new("now", now));
            await start.ExecuteNonQueryAsync(cancellationToken);
        }
        // The chunk is referenced several times, so PostgreSQL materialises it once: every part sees the same rows.
        await using (var chunk = new NpgsqlCommand($"""
            WITH chunk AS (
                SELECT a.id FROM reprocess_jobs AS j JOIN articles AS a ON j.last_queued_id IS NULL OR a.id > j.last_queued_id
                WHERE j.id = @job AND {Matches}
                ORDER BY a.id LIMIT @size
            ), recorded AS (
                INSERT INTO reprocess_job_articles (job_id, article_id)
                SELECT @job, id FROM chunk ON CONFLICT DO NOTHING
            ), queued AS (
                INSERT INTO ingestion_jobs (article_id, enqueued_at, available_at, attempts)
                SELECT id, @now, @now, 0 FROM chunk ORDER BY id ON CONFLICT DO NOTHING
                RETURNING article_id
            ), marked AS (
                UPDATE articles AS a SET status = 'queued' FROM queued WHERE a.id = queued.article_id
            )
            UPDATE reprocess_jobs
            SET queued = queued + (SELECT count(*) FROM chunk),
                last_queued_id = coalesce((SELECT id FROM chunk ORDER BY id DESC LIMIT 1), last_queued_id),
                status = CASE WHEN (SELECT count(*) FROM chunk) < @size THEN 'running' ELSE status END
            WHERE id = @job
            """, connection, transaction))
        {
            chunk.Parameters.Add(new("job", jobId));
            chunk.Parameters.Add(new("now", now));
            chunk.Parameters.Add(new("size", options.Value.ReprocessChunkSize));
            await chunk.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Completes running jobs whose every queued article is done, freezing their counts.</summary>
    public async Task<int> CompleteFinishedAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE reprocess_jobs AS j SET status = 'completed', finished_at = @now, processed = done.processed, failed = done.failed
            FROM (
                SELECT running.id, count(*) FILTER (WHERE {Processed})::int AS processed, count(*) FILTER (WHERE {Failed})::int AS failed,
                       coalesce(bool_and(({Processed}) OR ({Failed})), true) AS all_done
                FROM reprocess_jobs AS running
                LEFT JOIN (reprocess_job_articles AS ja JOIN articles AS a ON a.id = ja.article_id) ON ja.job_id = running.id
                WHERE running.status = 'running'
                GROUP BY running.id
            ) AS done
            -- Checking the status again makes a concurrent completion by another instance a no-op.
            WHERE j.id = done.id AND j.status = 'running' AND done.all_done
            """);
        command.Parameters.Add(new("now", time.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<ReprocessJobProgress>> ReadAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<ReprocessJobProgress>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new ReprocessJobProgress(
                reader.GetGuid(0),
                Enum.Parse<ReprocessJobStatus>(reader.GetString(1), ignoreCase: true),
                new ReprocessFilter(
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.GetInt32(7),
                reader.GetInt32(10),
                reader.GetInt32(11),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        }
        return jobs;
    }
}
