using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Core.Data;
using Npgsql;

namespace NewsEvents.Core.Keys;

/// <summary>A key as listed: everything but the secret, which nobody can see again.</summary>
public sealed record ApiKeyInfo(Guid Id, string Name, ApiScope[] Scopes, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    internal static ApiKeyInfo From(ApiKey key) => new(
        key.Id, key.Name, key.Scopes.Select(s => ApiScopes.TryParse(s, out var scope) ? scope : ApiScope.Read).Order().ToArray(),
        key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>A live key already has the name asked for.</summary>
public sealed class ApiKeyNameTakenException(string name) : Exception($"A key named '{name}' exists; revoke it or choose another name.");

/// <summary>Creates, finds, lists and revokes API keys. The secret exists only in the answer to its creation.</summary>
public sealed class ApiKeyStore(NewsEventsDbContext db, TimeProvider time)
{
    private const string NameIndex = "ix_api_keys_name";
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>Creates a key with a fresh random secret; the secret is returned this once and stored only as a hash.</summary>
    public async Task<(ApiKeyInfo Key, string Secret)> CreateAsync(string name, IReadOnlyCollection<ApiScope> scopes, CancellationToken cancellationToken)
    {
        var secret = ApiKeySecrets.Generate();
        var key = NewKey(name, scopes, secret);
        db.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: NameIndex })
        {
            throw new ApiKeyNameTakenException(name);
        }
        return (ApiKeyInfo.From(key), secret);
    }

    /// <summary>
    /// Makes sure a key given by configuration exists: stored (as a hash) the first time, left alone after that, so
    /// a key revoked through the API stays revoked across restarts. A new secret under the same name revokes the old
    /// one, which is how a configured key is rotated.
    /// </summary>
    public async Task EnsureAsync(string name, ApiScope scope, string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
        {
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ApiKeys.Where(k => k.Name == name && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, time.GetUtcNow()), cancellationToken);
        db.Add(NewKey(name, [scope], secret));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance starting at the same time stored it first.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The live key whose secret this is, or null; notes when it was used (at most once a minute).</summary>
    public async Task<ApiKeyInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.IsPlausible(secret))
        {
            return null;
        }
        var prefix = ApiKeySecrets.Prefix(secret);
        var hash = ApiKeySecrets.Hash(secret);
        var candidates = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix && k.RevokedAt == null)
            .ToListAsync(cancellationToken);
        var key = candidates.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.SecretHash, hash));
        if (key is null)
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (key.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), cancellationToken);
            key.LastUsedAt = now;
        }
        return ApiKeyInfo.From(key);
    }

    /// <summary>Every key, live and revoked, oldest first.</summary>
    public async Task<List<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken))
            .ConvertAll(ApiKeyInfo.From);

    /// <summary>Revokes a key (at once: the next request with it is refused). Null when no key has this id.</summary>
    public async Task<ApiKeyInfo?> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, time.GetUtcNow()), cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        return key is null ? null : ApiKeyInfo.From(key);
    }

    private ApiKey NewKey(string name, IReadOnlyCollection<ApiScope> scopes, string secret) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = name,
        Scopes = scopes.Distinct().Order().Select(ApiScopes.Stored).ToArray(),
        Prefix = ApiKeySecrets.Prefix(secret),
        SecretHash = ApiKeySecrets.Hash(secret),
        CreatedAt = time.GetUtcNow(),
    };
}
