using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NewsEvents.Api.Infrastructure;
using NewsEvents.Core.Articles;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Api.Features.Articles;

/// <summary>Ingest many articles in one request.</summary>
[ApiController]
[Route("api/v1/articles/batch")]
[Authorize(Policy = ApiKeyAuthentication.WritePolicy)]
// A 100 MiB body takes its time to arrive and be stored; the size limit bounds it instead of Limits:RequestTimeout.
[DisableRequestTimeout]
[Tags("Articles")]
public sealed class ArticleBatchController(
    NewsEventsDbContext db, ArticleIngestor ingestor, ArticleBatchReader reader, IOptions<ArticleBatchOptions> options) : ControllerBase
{
    private const string Ndjson = "application/x-ndjson";
    private const int MaxDeadlockRetries = 5;

    /// <summary>Ingests a batch of articles: NDJSON (one article a line) or a JSON array.</summary>
    /// <remarks>
    /// Each article has the shape of the NDJSON corpora: <c>{"title", "body", "published_at", "source", "url",
    /// "author", "language"}</c> (other fields are ignored; a time without offset is UTC) and is validated as by
    /// <c>POST /api/v1/articles</c>. The body is read as it arrives and stored in chunks, each chunk with its queue
    /// entries in one transaction: every article answered <c>accepted</c> is durable and will be processed. Exact
    /// duplicates (same canonical URL, or same title and text), of stored articles or of earlier ones in the batch, are
    /// answered <c>duplicate</c> with the existing article's id and never stored twice, even by concurrent batches, so
    /// resending a batch is safe. A broken NDJSON line is <c>rejected</c> with its reason and the next line is read.
    /// </remarks>
    /// <response code="200">Totals and one result per article, in order, with its line (NDJSON) or index (JSON array).</response>
    /// <response code="400">The body holds no article, or a JSON array breaks off (the answer lists what was stored before).</response>
    /// <response code="413">More articles than the configured limit (10,000 by default; the answer lists what was stored
    /// of the first ones), or a body over the size limit (100 MiB by default).</response>
    /// <response code="415">Neither application/x-ndjson nor application/json.</response>
    [HttpPost]
    [Consumes(Ndjson, "application/json")]
    [ProducesResponseType<ArticleBatchResponse>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IActionResult> Import(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = settings.MaxRequestBytes;
        }
        // [Consumes] lets a request without a Content-Type through to the only action there is.
        if (!MediaTypeHeaderValue.TryParse(Request.ContentType, out var contentType))
        {
            return Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/x-ndjson or application/json.");
        }
        var ndjson = contentType.MediaType.Equals(Ndjson, StringComparison.OrdinalIgnoreCase);
        var entries = ndjson
            ? reader.ReadLinesAsync(Request.BodyReader, settings.MaxLineBytes, cancellationToken)
            : reader.ReadArrayAsync(Request.Body, cancellationToken);

        var batch = new Batch(this);
        try
        {
            await foreach (var entry in entries)
            {
                if (batch.Count == settings.MaxItems)
                {
                    await batch.StoreAsync(cancellationToken);
                    return batch.Problem(StatusCodes.Status413PayloadTooLarge, "The batch holds too many articles.",
                        $"A batch holds at most {settings.MaxItems} articles; {Position(entry)} and after were not stored. " +
                        "The ones before were stored as listed in 'items'; send the rest in further batches.");
                }
                batch.Add(entry);
                if (batch.Pending == settings.ChunkSize)
                {
                    await batch.StoreAsync(cancellationToken);
                }
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            await batch.StoreAsync(cancellationToken);
            return batch.Problem(StatusCodes.Status400BadRequest, "The JSON array could not be read to its end.",
                $"{e.Message} The articles before were stored as listed in 'items'.");
        }
        await batch.StoreAsync(cancellationToken);
        return batch.Count == 0
            ? Problem(statusCode: StatusCodes.Status400BadRequest, title: "The batch holds no articles.")
            : Ok(ArticleBatchResponse.From(batch.Results));
    }

    private static string Position(BatchEntry entry) => entry.Line is { } line ? $"line {line}" : $"index {entry.Index}";

    /// <summary>The results so far, and the valid articles waiting to be stored.</summary>
    private sealed class Batch(ArticleBatchController controller)
    {
        private readonly List<BatchItemResult> _results = [];
        private readonly List<(int Result, NewArticle Article)> _pending = [];

        public int Count => _results.Count;

        public int Pending => _pending.Count;

        public IReadOnlyList<BatchItemResult> Results => _results;

        public void Add(BatchEntry entry)
        {
            if (entry.Request is null)
            {
                _results.Add(new BatchItemResult(entry.Line, entry.Index, BatchItemStatus.Rejected, Reason: entry.Error));
                return;
            }
            var errors = controller.Validate(entry.Request);
            if (errors.Count > 0)
            {
                _results.Add(new BatchItemResult(entry.Line, entry.Index, BatchItemStatus.Rejected,
                    Reason: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), Errors: errors));
                return;
            }
            _pending.Add((_results.Count, entry.Request.ToNewArticle()));
            _results.Add(new BatchItemResult(entry.Line, entry.Index, BatchItemStatus.Accepted));
        }

        public async Task StoreAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            var stored = await controller.StoreAsync(_pending.ConvertAll(p => p.Article), cancellationToken);
            foreach (var ((result, _), ingested) in _pending.Zip(stored))
            {
                _results[result] = _results[result] with
                {
                    Status = ingested.Duplicate ? BatchItemStatus.Duplicate : BatchItemStatus.Accepted,
                    Id = ingested.ArticleId,
                };
            }
            _pending.Clear();
        }

        public ObjectResult Problem(int status, string title, string detail)
        {
            var problem = controller.ProblemDetailsFactory.CreateProblemDetails(controller.HttpContext, status, title, detail: detail);
            var summary = ArticleBatchResponse.From(_results);
            problem.Extensions["accepted"] = summary.Accepted;
            problem.Extensions["duplicate"] = summary.Duplicate;
            problem.Extensions["rejected"] = summary.Rejected;
            problem.Extensions["items"] = summary.Items;
            return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
        }
    }

    /// <summary>The validation of <c>POST /api/v1/articles</c>, with errors keyed by the batch's field names.</summary>
    private Dictionary<string, string[]> Validate(CreateArticleRequest request)
    {
        var failures = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request, HttpContext.RequestServices, null), failures, validateAllProperties: true);
        return failures
            .SelectMany(f => (f.MemberNames.Any() ? f.MemberNames : [""]).Select(member => (Member: member, Message: f.ErrorMessage ?? "Invalid.")))
            .GroupBy(f => reader.Json.PropertyNamingPolicy!.ConvertName(f.Member))
            .ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray());
    }

    /// <summary>Stores one chunk in its own transaction; a deadlock with a concurrent batch is retried.</summary>
    private async Task<IReadOnlyList<IngestResult>> StoreAsync(List<NewArticle> chunk, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var results = await ingestor.IngestAsync(chunk, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return results;
            }
            catch (Exception e) when (IsDeadlock(e) && attempt < MaxDeadlockRetries)
            {
                // Two batches inserting the same articles in different orders wait on each other; PostgreSQL ends
                // one transaction, which then runs again and finds the other's rows.
                await ConflictPause.WaitAsync(attempt, cancellationToken);
            }
        }
    }

    // EF Core reports a transient database error wrapped in an InvalidOperationException.
    private static bool IsDeadlock(Exception e) =>
        (e as PostgresException ?? e.InnerException as PostgresException)?.SqlState == PostgresErrorCodes.DeadlockDetected;
}
