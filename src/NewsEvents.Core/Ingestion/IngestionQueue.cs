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
/// item is processed with effect exactly once even when a worker dies or stalls mid-item.
/// </summary>
public sealed class IngestionQueue(NpgsqlDataSource dataSource, TimeProvider time, IOptions<IngestionOptions> options, StoryClusterer stories)
{
    private const int MaxErrorLength = 2000;

    public async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand("""
            WITH next AS (
                SELECT article_id FROM ingestion_jobs
                WHERE available_at <= $1
                ORDER BY available_at, article_id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
            ), leased AS (
                UPDATE ingestion_jobs AS j
                SET lease_token = $2, available_at = $3, attempts = j.attempts + 1
                FROM next WHERE j.article_id = next.article_id
                RETURNING j.article_id, j.attempts
            ), marked AS (
                UPDATE articles AS a SET status = 'processing' FROM leased WHERE a.id = leased.article_id
            )
            SELECT article_id, attempts FROM leased
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = token });
        command.Parameters.Add(new() { Value = now + options.Value.LeaseDuration });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedJob(reader.GetGuid(0), reader.GetInt32(1), token)
            : null;
    }

    /// <summary>The text to process, or null when the article is gone.</summary>
    public async Task<ArticleText?> LoadAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT title, body, published_at, language FROM articles WHERE id = $1");
        command.Parameters.Add(new() { Value = job.ArticleId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ArticleText(
                job.ArticleId,
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    /// <summary>
    /// Stores the result (clean text, everything extracted from it, its near-duplicate group and story) and removes the item, in one transaction, if
    /// the lease is still ours. False when it was lost: then nothing is written.
    /// </summary>
    public async Task<bool> CompleteAsync(ClaimedJob job, ProcessedArticle result, string processorVersion, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nearDuplicates = new NearDuplicateLinker(job.ArticleId, result.Body);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await nearDuplicates.LockAsync(connection, transaction, cancellationToken);
        // Safe to skip waiting for the flush: a crash can lose only this whole transaction, job row included, and the
        // item is then simply processed again. Saves an fsync per article.
        await using (var relaxed = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, transaction))
        {
            await relaxed.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var finish = new NpgsqlCommand("""
            WITH job AS (DELETE FROM ingestion_jobs WHERE article_id = $1 AND lease_token = $2 RETURNING article_id)
            UPDATE articles AS a
            SET title = $3, body = $4, extractor_version = $5, processed_at = $6, status = 'processed', error = NULL,
                tone = $7, key_phrases = $8
            FROM job WHERE a.id = job.article_id
            """, connection, transaction))
        {
            foreach (var value in new object[]
                { job.ArticleId, job.LeaseToken, result.Title, result.Body, processorVersion, now, result.Extraction.Tone, result.Extraction.KeyPhrases.ToArray() })
            {
                finish.Parameters.Add(new() { Value = value });
            }
            if (await finish.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false; // disposing the transaction rolls it back
            }
        }
        await nearDuplicates.LinkAsync(connection, transaction, cancellationToken);
        await ExtractionStore.WriteAsync(connection, transaction, job.ArticleId, result.Extraction, now, cancellationToken);
        var alertMatches = await AlertPercolator.MatchAlertsAndNotifyAsync(connection, transaction, job.ArticleId, now, cancellationToken);
        // Last: the story lock serialises every assignment, so it is held for the shortest time and after all row locks.
        await stories.AssignAsync(connection, transaction, job.ArticleId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        AlertMetrics.Matches.Add(alertMatches); // counted once committed: a rolled-back completion matched nothing
        return true;
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
