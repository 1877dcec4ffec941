using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using NewsEvents.Core.Curation;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsEvents.Api.Infrastructure;

/// <summary>Who is making a curation change, as recorded in the history.</summary>
public interface ICurrentCurator
{
    string Name { get; }
}

/// <summary>
/// The curator as the caller names itself in the X-Curator header ("anonymous" without one). There are no API keys
/// yet: this is the one place that will take the name from the caller's key instead.
/// </summary>
internal sealed class HeaderCurator(IHttpContextAccessor accessor) : ICurrentCurator
{
    public const string Header = "X-Curator";
    public const string Anonymous = "anonymous";

    public string Name
    {
        get
        {
            var name = accessor.HttpContext?.Request.Headers[Header].ToString().Trim() ?? "";
            return name.Length == 0 ? Anonymous : name[..Math.Min(name.Length, CurationActions.MaxCuratorLength)];
        }
    }
}

/// <summary>The authorization policy every curation (write) endpoint carries.</summary>
internal static class CurationPolicy
{
    public const string Name = "curation";

    /// <summary>Open to every caller until API keys exist; then this policy is where the requirement goes.</summary>
    public static IServiceCollection AddCuration(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentCurator, HeaderCurator>();
        return services.AddAuthorization(options => options.AddPolicy(Name, policy => policy.RequireAssertion(_ => true)));
    }
}

/// <summary>Documents the X-Curator header on every operation under the curation policy.</summary>
internal sealed class CuratorHeaderOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AuthorizeAttribute>().Any(a => a.Policy == CurationPolicy.Name))
        {
            return;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = HeaderCurator.Header,
            In = ParameterLocation.Header,
            Description = $"Who makes the change, as the history records it (\"{HeaderCurator.Anonymous}\" when absent; cut to {CurationActions.MaxCuratorLength} characters).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = CurationActions.MaxCuratorLength },
            Example = JsonValue.Create("alice"),
        });
    }
}
