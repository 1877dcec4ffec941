using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsEvents.Core.Keys;

namespace NewsEvents.Api.Infrastructure;

/// <summary>The "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Whether reading (every GET, search, extract) needs a key with the read scope. Off: reads are open.</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>An admin key stored (as a hash) at start-up, so a fresh deployment can be administered.</summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>An admin key for the Development environment only (ignored in any other), logged at start-up.</summary>
    public string? DevelopmentKey { get; set; }

    /// <summary>A configured key is absent (empty) or long enough not to be guessed.</summary>
    internal bool KeysAreStrong() =>
        new[] { BootstrapAdminKey, DevelopmentKey }.All(key => string.IsNullOrEmpty(key) || key.Length is >= ApiKeySecrets.MinLength and <= ApiKeySecrets.MaxLength);
}

/// <summary>Who is making a curation change, as recorded in the history.</summary>
public interface ICurrentCurator
{
    string Name { get; }
}

/// <summary>The curator is the name of the key the request authenticated with (curation always needs an admin key).</summary>
internal sealed class KeyCurator(IHttpContextAccessor accessor) : ICurrentCurator
{
    public string Name => accessor.HttpContext?.User.Identity?.Name
        ?? throw new InvalidOperationException("A curation request reached its action without an authenticated key.");
}

/// <summary>
/// API keys as an ASP.NET Core authentication scheme: the key comes in X-Api-Key or Authorization: Bearer, is looked
/// up by its hash, and becomes a principal named after the key with one scope claim per scope it grants. The policies
/// named after the scopes ("read", "write", "admin") ask for that claim.
/// </summary>
internal static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScopeClaim = "scope";
    public const string KeyIdClaim = "key_id";

    // The policies are named after the scopes they need (or a higher one, which grants the lower).
    public const string ReadPolicy = "read";
    public const string WritePolicy = "write";
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(options => options.KeysAreStrong(), $"Auth keys must be {ApiKeySecrets.MinLength} to {ApiKeySecrets.MaxLength} characters.")
            .ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentCurator, KeyCurator>();
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, null);

        var requireKeyForReads = configuration.GetValue<bool>($"{AuthOptions.Section}:{nameof(AuthOptions.RequireKeyForReads)}");
        return services.AddAuthorization(options =>
        {
            foreach (var scope in Enum.GetValues<ApiScope>())
            {
                options.AddPolicy(ApiScopes.Stored(scope), policy => policy.RequireAuthenticatedUser().RequireClaim(ScopeClaim, ApiScopes.Stored(scope)));
            }
            // Endpoints that name no policy are reads. Open reads still refuse a key that is presented but not valid
            // (revoked, mistyped): its holder should hear so rather than be served as an anonymous caller.
            options.FallbackPolicy = requireKeyForReads
                ? options.GetPolicy(ReadPolicy)
                : new AuthorizationPolicyBuilder().RequireAssertion(context =>
                    context.User.Identity?.IsAuthenticated == true || context.Resource is not HttpContext http || !TryReadKey(http.Request, out _)).Build();
        });
    }

    /// <summary>The id of the key the request authenticated with; null for a caller without one.</summary>
    public static Guid? KeyId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(KeyIdClaim), out var id) ? id : null;

    /// <summary>Whether the caller's key grants <paramref name="scope"/> (itself or through a higher scope).</summary>
    public static bool HasScope(this ClaimsPrincipal user, ApiScope scope) => user.HasClaim(ScopeClaim, ApiScopes.Stored(scope));

    /// <summary>The key the request carries, from X-Api-Key or else a bearer token.</summary>
    public static bool TryReadKey(HttpRequest request, out string key)
    {
        key = request.Headers[Header].ToString().Trim();
        if (key.Length == 0 && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = authorization["Bearer ".Length..].Trim();
        }
        return key.Length > 0;
    }
}

/// <summary>Authenticates a request by its API key; answers 401 and 403 as problem documents.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string KeyRejected = "The API key is not valid (unknown or revoked).";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Health probes and the like answer without looking at a key, so they never wait on the database for one.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null || !ApiKeyAuthentication.TryReadKey(Request, out var secret))
        {
            return AuthenticateResult.NoResult();
        }
        var key = await keys.AuthenticateAsync(secret, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail(KeyRejected);
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ApiKeyAuthentication.KeyIdClaim, key.Id.ToString()) };
        claims.AddRange(ApiScopes.Implied(key.Scopes.Max()).Select(scope => new Claim(ApiKeyAuthentication.ScopeClaim, ApiScopes.Stored(scope))));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var presented = ApiKeyAuthentication.TryReadKey(Request, out _);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750's challenge: a client library that speaks Bearer knows what to do; invalid_token tells it why.
        Response.Headers.WWWAuthenticate = presented ? "Bearer realm=\"NewsEvents\", error=\"invalid_token\"" : "Bearer realm=\"NewsEvents\"";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "An API key is required.",
            presented ? KeyRejected : $"Send a key in the {ApiKeyAuthentication.Header} header or as Authorization: Bearer.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => data.Policy).OfType<string>().FirstOrDefault();
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "The API key lacks the scope this needs.",
            needed is null ? null : $"This needs a key with the '{needed}' scope.");
    }

    private async Task WriteProblemAsync(int status, string title, string? detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
}
