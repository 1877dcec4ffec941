using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;
using NewsEvents.Core.Keys;
using static System.FormattableString;

namespace NewsEvents.Cli;

/// <summary>
/// <c>newsevents keys create|list|revoke</c>: API keys straight in the database (for the first key of a deployment,
/// or when no admin key is at hand; with one, the /api/v1/keys endpoints do the same).
/// </summary>
internal static class KeyCommands
{
    public const string ConnectionVariable = "ConnectionStrings__NewsEvents";

    public static async Task<int> RunAsync(Options options)
    {
        var action = options.Positional.Count > 0 ? options.Positional[0] : throw new ArgumentException("keys needs create, list or revoke");
        var connection = options.Get("connection") ?? Environment.GetEnvironmentVariable(ConnectionVariable)
            ?? throw new ArgumentException($"keys needs --connection STRING (or {ConnectionVariable})");
        await using var db = new NewsEventsDbContext(new DbContextOptionsBuilder<NewsEventsDbContext>()
            .UseNpgsql(connection).UseSnakeCaseNamingConvention().Options);
        var keys = new ApiKeyStore(db, TimeProvider.System);
        switch (action)
        {
            case "create":
                var scopes = options.Required("scopes").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => ApiScopes.TryParse(s, out var scope) ? scope : throw new ArgumentException($"unknown scope '{s}' (read, write, admin)"))
                    .ToList();
                var name = options.Required("name").Trim();
                if (scopes.Count == 0 || name.Length is 0 or > ApiKey.MaxNameLength)
                {
                    throw new ArgumentException($"--name (1 to {ApiKey.MaxNameLength} characters) and --scopes are required");
                }
                try
                {
                    var (key, secret) = await keys.CreateAsync(name, scopes, CancellationToken.None);
                    Console.WriteLine(Invariant($"created key {key.Id} '{key.Name}' ({Scopes(key)}); its secret, shown this once:"));
                    Console.WriteLine(secret);
                    return 0;
                }
                catch (ApiKeyNameTakenException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 1;
                }
            case "list":
                foreach (var key in await keys.ListAsync(CancellationToken.None))
                {
                    Console.WriteLine(Invariant(
                        $"{key.Id}  {key.Prefix}…  {key.Name}  {Scopes(key)}  created {key.CreatedAt:u}  last used {Moment(key.LastUsedAt)}  revoked {Moment(key.RevokedAt)}"));
                }
                return 0;
            case "revoke":
                var id = options.Positional.Count == 2 && Guid.TryParse(options.Positional[1], out var parsed)
                    ? parsed : throw new ArgumentException("keys revoke takes one key id");
                if (await keys.RevokeAsync(id, CancellationToken.None) is not { } revoked)
                {
                    Console.Error.WriteLine($"no key has id {id}");
                    return 1;
                }
                Console.WriteLine(Invariant($"revoked key {revoked.Id} '{revoked.Name}' at {revoked.RevokedAt:u}"));
                return 0;
            default:
                throw new ArgumentException($"unknown keys action '{action}' (create, list, revoke)");
        }
    }

    private static string Scopes(ApiKeyInfo key) => string.Join(',', key.Scopes.Select(ApiScopes.Stored));

    private static string Moment(DateTimeOffset? moment) => moment is { } value ? value.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
