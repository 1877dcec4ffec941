using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Core.Data;

namespace NewsEvents.Api.Tests.Faults;

/// <summary>A pathological article under the real service and the real extractor, with a single worker.</summary>
public sealed class PoisonedArticleTests(ServiceRig rig) : IClassFixture<ServiceRig>
{
    [Fact]
    public async Task A_poisoned_article_is_parked_as_failed_after_its_attempts_while_the_others_keep_flowing()
    {
        await using var service = await rig.StartServiceAsync(new Dictionary<string, string>
        {
            ["Ingestion__Workers"] = "1",
            ["Ingestion__ItemTimeout"] = "00:00:00.500",
            ["Ingestion__MaxAttempts"] = "3",
        });
        using var client = new ServiceClient(service);
        var word = TestArticles.UniqueWord();
        // The extractor loads its model on first use, which may take longer than an article's budget on a busy
        // machine: load it through the synchronous extraction endpoint first.
        using (var warmUp = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/extract")
        {
            Content = JsonContent.Create(new { text = "Kim Jong-un met Vladimir Putin in Vladivostok." }),
        }))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }

        // The largest body the API accepts of one unclosed tag after another: no sentence, quote or tag ever ends, and
        // the name tagger alone takes seconds over it (linear, but long), several times the half-second budget.
        var poison = await PostAsync(client, $"Poison {word}", string.Concat(Enumerable.Repeat("<a b", CreateArticleRequest.MaxBodyLength / 4)));
        var others = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(await PostAsync(client, $"Ordinary {i} {word}", $"Jake Sullivan said in Washington on Monday that talks ({i}) went well."));
        }

        await ServiceRig.WaitUntilAsync(async () => await rig.CountAsync("SELECT count(*) FROM articles WHERE id = $1 AND status = 'failed'", poison) == 1,
            TimeSpan.FromSeconds(120), "the poisoned article parked as failed");
        await ServiceRig.WaitUntilAsync(async () => await rig.CountAsync(
                "SELECT count(*) FROM articles WHERE id = ANY($1) AND status = 'processed'", others.ToArray()) == others.Count,
            TimeSpan.FromSeconds(120), "the ordinary articles processed");

        using var response = await client.GetAsync($"/api/v1/articles/{poison}");
        var parked = (await response.Content.ReadFromJsonAsync<ArticleResponse>(NewsEventsApiFactory.Json))!;
        Assert.Equal(ArticleStatus.Failed, parked.Status);
        Assert.Equal("Processing took longer than 00:00:00.5000000.", parked.Error);
        Assert.Equal(0, await rig.CountAsync("SELECT count(*) FROM ingestion_jobs WHERE article_id = $1", poison));
    }

    private static async Task<Guid> PostAsync(ServiceClient client, string title, string body)
    {
        using var response = await client.PostArticleAsync(title, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(NewsEventsApiFactory.Json))!.Id;
    }
}
