using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace NewsEvents.Api.Infrastructure;

/// <summary>
/// Documents the body of actions that read it themselves as a stream (so there is no body parameter for Swashbuckle
/// to describe): the content types of their <see cref="ConsumesAttribute"/>; their remarks give the shape.
/// </summary>
internal sealed class StreamedRequestBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody is null
            && context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ConsumesAttribute>().FirstOrDefault() is { } consumes)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = consumes.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType()),
            };
        }
    }
}
