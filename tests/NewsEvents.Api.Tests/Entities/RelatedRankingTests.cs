using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;
using NewsEvents.Core.Search;
using NewsEvents.Extraction.Pipeline;
using Npgsql;

namespace NewsEvents.Api.Tests.Entities;

/// <summary>
/// The ranking of related entities reads a hub's partners from the most frequent down and stops where no rarer pair
/// can score higher. On a hub with hundreds of partners, counts from 1 to thousands and many exact ties, reading a few
/// candidates first must give what scoring every partner gives.
/// </summary>
public sealed class RelatedRankingTests(PausedWorkersApiFactory api) : IClassFixture<PausedWorkersApiFactory>
{
    private const int AllArticles = 20_000;
    private const int HubArticles = 5_000;

    [Fact]
    public async Task A_hubs_related_entities_read_a_range_at_a_time_are_those_of_scoring_every_partner()
    {
        var (hub, shared) = await SeedHubAsync(partners: 600);
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();
        var everyPartner = new EntityAnalytics(dataSource) { RelatedCandidates = int.MaxValue };
        int[] candidateCounts = [1, 5, 20, 100], limits = [1, 5, 20, 100], minima = [1, 3, 40];

        foreach (var candidates in candidateCounts)
        {
            var bounded = new EntityAnalytics(dataSource) { RelatedCandidates = candidates };
            foreach (var (limit, minArticles) in from limit in limits from minArticles in minima select (limit, minArticles))
            {
                var expected = await everyPartner.RelatedAsync(hub, limit, minArticles, default);
                Assert.Equal(Math.Min(limit, shared.Count(articles => articles >= minArticles)), expected.Count);
                Assert.Equal(expected, await bounded.RelatedAsync(hub, limit, minArticles, default));
            }
        }
    }

    /// <summary>The ranking merges ranges in memory, breaking ties by id as the database does.</summary>
    [Fact]
    public async Task Guids_sort_in_memory_as_PostgreSQL_sorts_uuids()
    {
        var ids = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToArray();
        await using var db = api.CreateDbContext();
        var sorted = await db.Database.SqlQueryRaw<Guid>("SELECT id AS \"Value\" FROM unnest({0}) AS t(id) ORDER BY id", [ids]).ToListAsync();

        Assert.Equal(sorted, ids.Order());
    }

    /// <summary>
    /// A hub in <see cref="HubArticles"/> of <see cref="AllArticles"/> articles, and partners sharing Zipf-like counts
    /// with it. Each partner is in one to six times the articles it shares, by one of a few factors, so many score
    /// exactly alike and the id decides their order; the most frequent partners are also frequent elsewhere, so the best
    /// scores lie further down and the ranking has to read several ranges.
    /// </summary>
    /// <returns>The hub, and the articles each partner shares with it.</returns>
    private async Task<(Guid Hub, List<int> Shared)> SeedHubAsync(int partners)
    {
        var random = new Random(7);
        Guid NewId() => new([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]);
        var hub = NewId();
        await using var db = api.CreateDbContext();
        db.Entities.Add(Entity(hub, HubArticles));
        db.DailyArticles.Add(new DailyArticles { Day = new DateOnly(2019, 3, 4), Articles = AllArticles });
        int[] spread = [1, 1, 2, 3], spreadOfTheMostFrequent = [3, 4, 6];
        var sharedCounts = new List<int>();
        for (var rank = 1; rank <= partners; rank++)
        {
            var (partner, shared) = (NewId(), Math.Max(1, (int)(3_000 / Math.Pow(rank, 1.1))));
            sharedCounts.Add(shared);
            var factors = rank <= 60 ? spreadOfTheMostFrequent : spread;
            db.Entities.Add(Entity(partner, shared * factors[random.Next(factors.Length)]));
            // Stored once per pair, the smaller id first.
            var hubFirst = hub.CompareTo(partner) < 0;
            db.EntityPairs.Add(new EntityPair { EntityA = hubFirst ? hub : partner, EntityB = hubFirst ? partner : hub, Articles = shared });
        }
        await db.SaveChangesAsync();
        return (hub, sharedCounts);
    }

    private static Entity Entity(Guid id, int articles) =>
        new() { Id = id, Key = $"person:{id:N}", CanonicalName = $"Person {id:N}", Type = EntityType.Person, ArticleCount = articles };
}
