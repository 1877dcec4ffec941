using System.Net;
using System.Net.Http.Json;
using NewsEvents.Api.Features.Extraction;
using NewsEvents.Api.Tests.Infrastructure;
using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Api.Tests.Extraction;

public sealed class ExtractEndpointTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    private const string Text =
        "US National Security Advisor Jake Sullivan said North Korea would pay a price. " +
        "\"They will pay for it in the international community,\" Sullivan said in Washington.";

    [Fact]
    public async Task A_preview_finds_entities_with_offsets_into_the_posted_text_and_stores_nothing()
    {
        var before = await api.SearchAsync("q=Sullivan");
        var preview = await ExtractAsync(new { title = "Sullivan warns Pyongyang", text = Text });

        var sullivan = Assert.Single(preview.Entities, e => e.Name == "Jake Sullivan");
        Assert.Equal(EntityType.Person, sullivan.Type);
        Assert.Contains(sullivan.Mentions, m => m.Text == "Sullivan" && m.Field == TextField.Body);
        foreach (var mention in preview.Entities.SelectMany(e => e.Mentions))
        {
            var source = mention.Field == TextField.Title ? "Sullivan warns Pyongyang" : Text;
            Assert.Equal(mention.Text, source[mention.Start..mention.End]);
        }
        Assert.Contains(preview.Entities, e => e.Name == "North Korea" && e.Type == EntityType.Location);
        Assert.Equal(before.Items.Count, (await api.SearchAsync("q=Sullivan")).Items.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001 binary \uFFFF junk \u0007")]
    [InlineData("مرحبا بالعالم — שלום עולם 😀🇺🇦 Привет, мир")]
    [InlineData("<script>alert(1)</script><p>Kim Jong-un</p>")]
    public async Task Odd_text_gets_an_answer_never_a_server_error(string text)
    {
        using var response = await api.CreateClient().PostAsJsonAsync("/api/v1/extract", new { text });

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_processed_article_shows_its_entities_with_offsets_into_its_clean_text()
    {
        var article = await api.IngestAndProcessAsync(TestArticles.New(title: "Sullivan warns North Korea", body: Text));

        var sullivan = Assert.Single(article.Entities, e => e.Name == "Jake Sullivan");
        Assert.NotNull(sullivan.Id);
        Assert.True(sullivan.Mentions.Count >= 2);
        foreach (var mention in article.Entities.SelectMany(e => e.Mentions))
        {
            var source = mention.Field == TextField.Title ? article.Title : article.Body;
            Assert.Equal(mention.Text, source[mention.Start..mention.End]);
        }
    }

    [Fact]
    public async Task Lone_surrogates_in_posted_text_keep_every_offset_in_place()
    {
        var json = """{"text": "\ud800 Jake Sullivan met Kim Jong-un in Vladivostok."}""";
        using var response = await api.CreateClient().PostAsync("/api/v1/extract",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = (await response.Content.ReadFromJsonAsync<ExtractionResponse>(NewsEventsApiFactory.Json))!;
        var mention = preview.Entities.SelectMany(e => e.Mentions).Single(m => m.Text == "Jake Sullivan");
        Assert.Equal(2, mention.Start);
    }

    private async Task<ExtractionResponse> ExtractAsync(object request)
    {
        using var response = await api.CreateClient().PostAsJsonAsync("/api/v1/extract", request, NewsEventsApiFactory.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ExtractionResponse>(NewsEventsApiFactory.Json))!;
    }
}
