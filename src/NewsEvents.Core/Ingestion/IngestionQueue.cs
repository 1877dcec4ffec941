using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Stories;
using NewsEvents.Core.Alerts;
using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <param name="LeaseToken">Proves this claim still owns the item: a claim whose lease expired and was taken over cannot finish it.</param>
public sealed record ClaimedJob(Guid ArticleId, int Attempt, Guid LeaseToken);

/// <summary>
/// The durable queue in ingestion_jobs. An item is claimed with FOR UPDATE SKIP LOCKED (so any number of workers in
/// any number of processes share it) and leased until <c>available_at</c>; finishing it checks the lease token, so an
/// item is processed with effect exactly once even when a worker dies or stalls mid-item. A worker claims and
/// completes items in batches, so the database work of many articles is done by a few statements.
/// </summary>
public sealed class IngestionQueue(NpgsqlDataSource dataSource, TimeProvider time, IOptions<IngestionOptions> options, StoryClusterer stories)
{
    private const int MaxErrorLength = 2000;

    public async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken) =>
        (await ClaimAsync(1, cancellationToken)).SingleOrDefault();

    /// <summary>Claims up to <paramref name="count"/> due items under one lease token, oldest first.</summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand("""
            WITH next AS (
                SELECT article_id FROM ingestion_jobs
                WHERE available_at <= $1
                ORDER BY available_at, article_id
                LIMIT $4
                FOR UPDATE SKIP LOCKED
            ), leased AS (
                UPDATE ingestion_jobs AS j
                SET lease_token = $2, available_at = $3, attempts = j.attempts + 1
                FROM next WHERE j.article_id = next.article_id
                RETURNING j.article_id, j.attempts
            ), marked AS (
                UPDATE articles AS a SET status = 'processing' FROM leased WHERE a.id = leased.article_id
            )
            SELECT leased.article_id, leased.attempts FROM leased JOIN ingestion_jobs AS j USING (article_id)
            ORDER BY j.available_at, leased.article_id
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = now + options.Value.LeaseDuration });
        command.Parameters.Add(new() { Value = count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<ClaimedJob>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedJob(reader.GetGuid(0), reader.GetInt32(1), token));
        }
        return claimed;
    }

    /// <summary>The texts to process, in the order of the jobs; an article that is gone is left out.</summary>
    public async Task<IReadOnlyList<(ClaimedJob Job, ArticleText Article)>> LoadAsync(IReadOnlyList<ClaimedJob> jobs, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, title, body, published_at, language FROM articles WHERE id = ANY($1)");
        command.Parameters.Add(new() { Value = jobs.Select(job => job.ArticleId).ToArray() });
        var texts = new Dictionary<Guid, ArticleText>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                texts[id] = new ArticleText(
                    id,
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4));
            }
        }
        return [.. jobs.Where(job => texts.ContainsKey(job.ArticleId)).Select(job => (job, texts[job.ArticleId]))];
    }

    /// <summary>
    /// Stores the result (clean text, everything extracted from it, its near-duplicate group and story) and removes the item, in one transaction, if
    /// the lease is still ours. False when it was lost: then nothing is written.
    /// </summary>
    public async Task<bool> CompleteAsync(ClaimedJob job, ProcessedArticle result, string processorVersion, CancellationToken cancellationToken) =>
        (await CompleteAsync([(job, result)], processorVersion, cancellationToken)).Count == 1;

    /// <summary>
    /// Stores the results of several items, and removes them, in one transaction, with a few set-based statements:
    /// the same rows as completing them one after another in the given order. Returns the items completed; one whose
    /// lease was lost is left out and nothing of it is written. Fails as a whole: then nothing is written.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> CompleteAsync(
        IReadOnlyList<(ClaimedJob Job, ProcessedArticle Result)> items, string processorVersion, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nearDuplicates = items.Select(item => new NearDuplicateLinker(item.Job.ArticleId, item.Result.Body)).ToList();
        await ExtractionStore.CreateEntitiesAsync(dataSource, [.. items.Select(item => item.Result.Extraction)], now, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await NearDuplicateLinker.LockAsync(nearDuplicates, connection, transaction, cancellationToken);
        // Safe to skip waiting for the flush: a crash can lose only this whole transaction, job rows included, and the
        // items are then simply processed again. Saves an fsync per transaction.
        await using (var relaxed = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, transaction))
        {
            await relaxed.ExecuteNonQueryAsync(cancellationToken);
        }
        var finished = new HashSet<Guid>();
        var literals = nearDuplicates.Select(linker => linker.ArrayLiterals()).ToList();
        await using (var finish = new NpgsqlCommand("""
            WITH job AS (
                DELETE FROM ingestion_jobs AS j USING unnest($1::uuid[], $2::uuid[]) AS c(article_id, lease_token)
                WHERE j.article_id = c.article_id AND j.lease_token = c.lease_token
                RETURNING j.article_id)
            UPDATE articles AS a
            SET title = r.title, body = r.body, extractor_version = $7, processed_at = $8, status = 'processed', error = NULL,
                tone = r.tone, key_phrases = ARRAY(SELECT jsonb_array_elements_text(r.key_phrases)),
                min_hash = r.min_hash::int[], near_duplicate_keys = r.near_duplicate_keys::bigint[], duplicate_of = NULL
            FROM job JOIN unnest($1::uuid[], $3::text[], $4::text[], $5::float8[], $6::jsonb[], $9::text[], $10::text[])
                    AS r(id, title, body, tone, key_phrases, min_hash, near_duplicate_keys)
                ON r.id = job.article_id
            WHERE a.id = job.article_id
            RETURNING a.id
            """, connection, transaction))
        {
            foreach (var value in new object[]
                {
                    items.Select(i => i.Job.ArticleId).ToArray(), items.Select(i => i.Job.LeaseToken).ToArray(),
                    items.Select(i => i.Result.Title).ToArray(), items.Select(i => i.Result.Body).ToArray(),
                    items.Select(i => i.Result.Extraction.Tone).ToArray(),
                    items.Select(i => JsonSerializer.Serialize(i.Result.Extraction.KeyPhrases)).ToArray(), processorVersion, now,
                    literals.Select(l => l.Signature).ToArray(), literals.Select(l => l.Keys).ToArray(),
                })
            {
                finish.Parameters.Add(new() { Value = value });
            }
            await using var reader = await finish.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                finished.Add(reader.GetGuid(0));
            }
        }
        if (finished.Count == 0)
        {
            return []; // disposing the transaction rolls it back
        }

        var stored = items.Select((item, i) => (item.Job, item.Result, Linker: nearDuplicates[i])).Where(item => finished.Contains(item.Job.ArticleId)).ToList();
        var articleIds = stored.Select(item => item.Job.ArticleId).ToArray();
        foreach (var item in stored)
        {
            await item.Linker.LinkAsync(connection, transaction, cancellationToken);
        }
        await ExtractionStore.WriteAsync(connection, transaction, [.. stored.Select(item => (item.Job.ArticleId, item.Result.Extraction))], now, cancellationToken);
        var alertMatches = await AlertPercolator.MatchAlertsAndNotifyAsync(connection, transaction, articleIds, now, cancellationToken);
        // Last: the story lock serialises every assignment, so it is held for the shortest time and after all row locks.
        await stories.AssignAsync(connection, transaction, articleIds, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        AlertMetrics.Matches.Add(alertMatches); // counted once committed: a rolled-back completion matched nothing
        return [.. stored.Select(item => item.Job)];
    }

    /// <summary>
    /// Records a failed attempt: the item is retried after an exponential backoff, or parked as failed with its error
    /// once it has had <see cref="IngestionOptions.MaxAttempts"/>.
    /// </summary>
    public Task<bool> FailAsync(ClaimedJob job, string error, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        return job.Attempt >= settings.MaxAttempts
            ? FinishAsync(job, """
                WITH job AS (DELETE FROM ingestion_jobs WHERE article_id = $1 AND lease_token = $2 RETURNING article_id)
                UPDATE articles AS a SET status = 'failed', error = $3, processed_at = $4
                FROM job WHERE a.id = job.article_id
                """, cancellationToken, error, now)
            : FinishAsync(job, """
                WITH job AS (
                    UPDATE ingestion_jobs SET available_at = $3, lease_token = NULL, last_error = $4
                    WHERE article_id = $1 AND lease_token = $2 RETURNING article_id)
                UPDATE articles AS a SET status = 'queued', error = $4
                FROM job WHERE a.id = job.article_id
                """, cancellationToken, now + RetryDelay(job.Attempt, settings.RetryBaseDelay, settings.RetryMaxDelay), error);
    }

    /// <summary>Hands an item back untouched (the worker is shutting down); the attempt does not count.</summary>
    public Task<bool> ReleaseAsync(ClaimedJob job, CancellationToken cancellationToken) =>
        FinishAsync(job, """
            WITH job AS (
                UPDATE ingestion_jobs SET available_at = $3, lease_token = NULL, attempts = attempts - 1
                WHERE article_id = $1 AND lease_token = $2 RETURNING article_id)
            UPDATE articles AS a SET status = 'queued' FROM job WHERE a.id = job.article_id
            """, cancellationToken, time.GetUtcNow());

    /// <summary>Exponential backoff with jitter after failed attempt number <paramref name="attempt"/> (from 1).</summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = exponential < maxDelay ? exponential : maxDelay;
        // Up to a fifth of jitter so items that failed together do not all retry in the same instant.
        return capped * (1 + (Random.Shared.NextDouble() * 0.2));
    }

    /// <summary>Runs one statement whose first two parameters are the article id and lease token; true if it took effect.</summary>
    private async Task<bool> FinishAsync(ClaimedJob job, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = job.ArticleId });
        command.Parameters.Add(new() { Value = job.LeaseToken });
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
