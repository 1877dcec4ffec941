using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Marks the operations that need a key (those naming a scope policy) with the API key security requirement, so
/// Swagger UI sends the key it was given under Authorize, and lists their 401 and 403 answers. Reads need a key too
/// when configured so.
/// </summary>
internal sealed class ApiKeyOperationFilter(IOptions<AuthOptions> auth) : IOperationFilter
{
    public const string SchemeName = "ApiKey";

    public static OpenApiSecurityScheme Scheme => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Header,
        Name = ApiKeyAuthentication.Header,
        Description = "An API key (ne_…), shown once when created. Also accepted as Authorization: Bearer.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policy = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>()
            .Select(data => data.Policy).OfType<string>().FirstOrDefault()
            ?? (auth.Value.RequireKeyForReads ? ApiKeyAuthentication.ReadPolicy : null);
        if (policy is null)
        {
            return;
        }
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", ServiceResponsesOperationFilter.Problem(context, "No API key, or one that is unknown or revoked."));
        operation.Responses.TryAdd("403", ServiceResponsesOperationFilter.Problem(context, $"The API key lacks the '{policy}' scope."));
    }
}
