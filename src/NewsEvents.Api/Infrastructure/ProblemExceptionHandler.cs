using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using NewsEvents.Core.Curation;
using NewsEvents.Core.Keys;
using Npgsql;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Turns every unhandled failure into an RFC 9457 problem: oversize or malformed requests keep their 4xx status, a
/// curation request that names nothing or contradicts the data is a 404 or 409 (with the entity to look at instead), a
/// database that cannot be reached, is shutting down or starting up, or a statement that ran past its timeout (however
/// EF Core wraps it) is a 503 the client may retry, anything else is a 500 without internals.
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
            _ when InChain(exception, IsDatabaseUnavailable) =>
                (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; try again shortly."),
            _ when InChain(exception, e => e is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }) =>
                (StatusCodes.Status503ServiceUnavailable, "The database took too long to answer; try again shortly."),
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

    /// <summary>Whether the exception or one it wraps (EF Core wraps Npgsql's in DbUpdateException or InvalidOperationException) is such.</summary>
    private static bool InChain(Exception exception, Func<Exception, bool> predicate)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (predicate(current))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A transient database failure (a broken or refused connection, a deadlock), or a database shutting down or
    /// starting up: Npgsql does not count a session ended by the server's shutdown as transient (class 57P: 57P01
    /// admin_shutdown, 57P02 crash_shutdown), nor every connection failure the server reports (class 08).
    /// </summary>
    private static bool IsDatabaseUnavailable(Exception exception) =>
        exception is NpgsqlException { IsTransient: true }
        || exception is PostgresException { SqlState: var state } && (state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal));

    [LoggerMessage(LogLevel.Debug, "Client aborted {Path}")]
    private partial void LogClientAborted(PathString path);

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed with {Status}")]
    private partial void LogServerError(Exception exception, string method, PathString path, int status);
}
