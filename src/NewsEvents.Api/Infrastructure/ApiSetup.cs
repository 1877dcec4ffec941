using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using NewsEvents.Api.Features.Articles;
using Serilog;

namespace NewsEvents.Api.Infrastructure;

internal static class ApiSetup
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddNewsEventsApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddControllers(options => options.OutputFormatters.Add(new CsvOutputFormatter()))
            // Named, since MVC looks for controllers only in the entry assembly, which is not this one in other hosts.
            .AddApplicationPart(typeof(ApiSetup).Assembly)
            .AddJsonOptions(options =>
        {
            options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
            options.JsonSerializerOptions.Converters.Add(new LenientStringConverter());
        });
        // A problem's traceId is its request's W3C trace id, the one on every log line of the request and in its trace.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddApiKeyAuthentication(configuration);
        services.AddNewsEventsLimits(configuration);
        services.AddNewsEventsTelemetry(configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<SearchIndexHealthCheck>("search-index", tags: [ReadyTag]);
        services.AddOptions<SampleDataOptions>().BindConfiguration(SampleDataOptions.Section);
        services.AddOptions<ArticleBatchOptions>().BindConfiguration(ArticleBatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ArticleBatchReader>();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "NewsEvents API",
                Version = "v1",
                Description = "A searchable store of news articles, the entities they mention, the events they report and the quotes they carry.",
                Contact = new OpenApiContact { Name = "NewsEvents maintainers" },
            });
            // Client generators name methods after operation ids; NSwag's Controller_Action convention keeps them unique.
            options.CustomOperationIds(api => $"{api.ActionDescriptor.RouteValues["controller"]}_{api.ActionDescriptor.RouteValues["action"]}");
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "NewsEvents.*.xml"))
            {
                options.IncludeXmlComments(xml, includeControllerXmlComments: true);
            }
            options.SupportNonNullableReferenceTypes();
            options.AddSecurityDefinition(ApiKeyOperationFilter.SchemeName, ApiKeyOperationFilter.Scheme);
            options.OperationFilter<ApiKeyOperationFilter>();
            options.OperationFilter<StreamedRequestBodyFilter>();
            options.OperationFilter<ServiceResponsesOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseNewsEventsApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseHttpsInProduction();
        app.UseExceptionHandler();
        // Bodiless error answers (no route matched, 405…) become problem documents; Results.Problem falls back to
        // plain JSON where the caller's Accept (text/csv, say) rules out the problem details writers.
        app.UseStatusCodePages(context => Results.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        // The host's own logger (configured from settings), not the static start-up logger.
        // ?format=csv asks for CSV as Accept: text/csv does (for links pasted into a spreadsheet); other values are ignored.
        app.Use((context, next) =>
        {
            if (string.Equals(context.Request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Headers.Accept = CsvOutputFormatter.MediaType;
            }
            return next(context);
        });
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        // The server is whatever host the caller reached, so "Try it out" works behind any name or port.
        app.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase}" }]));
        app.UseSwaggerUI(options => options.DocumentTitle = "NewsEvents API");

        app.UseCors();
        app.UseAuthentication();
        // After authentication, so a request counts against its key's budget; before the work it would spend.
        app.UseRateLimiter();
        app.UseRequestTimeouts();

        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription().AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(Telemetry.MetricsPath).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.UseAuthorization();
        app.MapControllers();
        return app;
    }
}
