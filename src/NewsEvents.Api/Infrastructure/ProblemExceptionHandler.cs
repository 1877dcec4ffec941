using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Core.Curation;
using NewsEvents.Core.Keys;
using Npgsql;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Turns every unhandled failure into an RFC 9457 problem: oversize or malformed requests keep their 4xx status, a
/// curation request that names nothing or contradicts the data is a 404 or 409 (with the entity to look at instead), a
/// database that cannot be reached (or another transient database failure, which EF Core wraps) or a statement that
/// ran past its timeout is a 503 the client may retry, anything else is a 500 without internals.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    private const int DatabaseRetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            LogClientAborted(httpContext.Request.Path);
            return true; // Nobody is listening; a client hanging up is not a server error.
        }

        var (status, title) = exception switch
        {
            CurationException { Failure: CurationFailure.NotFound } => (StatusCodes.Status404NotFound, exception.Message),
            CurationException => (StatusCodes.Status409Conflict, exception.Message),
            ApiKeyNameTakenException => (StatusCodes.Status409Conflict, exception.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "The request body is too large."),
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            NpgsqlException { IsTransient: true } or InvalidOperationException { InnerException: NpgsqlException { IsTransient: true } } =>
                (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly."),
            _ when IsStatementTimeout(exception) => (StatusCodes.Status503ServiceUnavailable, "The database took too long to answer; try again shortly."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogServerError(exception, httpContext.Request.Method, httpContext.Request.Path, status);
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title };
        if (exception is CurationException { EntityId: { } entityId })
        {
            problem.Extensions["entityId"] = entityId;
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    /// <summary>PostgreSQL cancelled a statement that ran past Database:StatementTimeout (EF may wrap it).</summary>
    private static bool IsStatementTimeout(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
        || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };

    [LoggerMessage(LogLevel.Debug, "Client aborted {Path}")]
    private partial void LogClientAborted(PathString path);

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed with {Status}")]
    private partial void LogServerError(Exception exception, string method, PathString path, int status);
}
