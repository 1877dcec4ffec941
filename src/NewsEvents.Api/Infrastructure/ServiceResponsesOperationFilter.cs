using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Lists on every operation the answers that come from the service rather than the operation: 429 from the rate
/// limiter (<see cref="Limits"/>) and 503 while the database is unreachable (<see cref="ProblemExceptionHandler"/>),
/// both problem documents with a Retry-After header.
/// </summary>
internal sealed class ServiceResponsesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd("429", Retryable(Problem(context, "Too many requests from this key (or, without a key, this IP address) in the rate window.")));
        operation.Responses.TryAdd("503", Retryable(Problem(context, "The database is unreachable or overloaded; nothing was changed.")));
    }

    /// <summary>A problem-document answer, as every error of this API is.</summary>
    public static OpenApiResponse Problem(OperationFilterContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
        },
    };

    private static OpenApiResponse Retryable(OpenApiResponse response)
    {
        response.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            },
        };
        return response;
    }
}
