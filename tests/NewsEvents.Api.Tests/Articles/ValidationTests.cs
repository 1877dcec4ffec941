using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewsEvents.Api.Features.Articles;
using NewsEvents.Api.Tests.Infrastructure;
using static NewsEvents.Api.Tests.Infrastructure.ProblemAssertions;

namespace NewsEvents.Api.Tests.Articles;

/// <summary>Every bad input is a 4xx with an RFC 9457 problem body, and hostile input never reaches a 5xx.</summary>
public sealed class ValidationTests(NewsEventsApiFactory api) : IClassFixture<NewsEventsApiFactory>
{
    private const string ArticlesPath = "/api/v1/articles";

    [Theory]
    [InlineData("""{"body": "Some text."}""", "title")]
    [InlineData("""{"title": "A headline"}""", "body")]
    [InlineData("""{"title": null, "body": "Some text."}""", "title")]
    [InlineData("""{"title": "", "body": "Some text."}""", "title")]
    [InlineData("""{"title": "A headline", "body": "   "}""", "body")]
    public async Task A_missing_title_or_body_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await PostJsonAsync(json);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertHasErrorFor(problem, field);
    }

    [Theory]
    [InlineData("""{"title": "A headline", "body": """)]
    [InlineData("""{"title": "A headline", "body": "text",}""")]
    [InlineData("""{title: "A headline", body: "text"}""")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    public async Task Malformed_json_is_a_400_problem(string json)
    {
        using var response = await PostJsonAsync(json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"title": 5, "body": "text"}""")]
    [InlineData("""{"title": "A headline", "body": ["a", "b"]}""")]
    [InlineData("""{"title": "A headline", "body": "text", "publishedAt": "yesterday"}""")]
    [InlineData("""{"title": "A headline", "body": "text", "publishedAt": 1700000000}""")]
    [InlineData("""{"title": "A headline", "body": "text", "publishedAt": "2024-02-30T10:00:00Z"}""")]
    [InlineData("""{"title": "A headline", "body": "text", "publishedAt": "9999-12-31T23:59:59-14:00"}""")]
    [InlineData("""{"title": "A headline", "body": "text", "source": {"name": "x"}}""")]
    [InlineData("""{"title": "A headline", "body": "text", "url": true}""")]
    public async Task A_value_of_the_wrong_type_is_a_400_problem(string json)
    {
        using var response = await PostJsonAsync(json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(5000)]
    public async Task Deeply_nested_json_is_a_400_problem(int depth)
    {
        var nested = new string('[', depth) + new string(']', depth);

        using var asBody = await PostJsonAsync(nested);
        using var asExtraMember = await PostJsonAsync($$"""{"title": "A headline", "body": "text", "extra": {{nested}}}""");

        await AssertProblemAsync(asBody, HttpStatusCode.BadRequest);
        await AssertProblemAsync(asExtraMember, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("ftp://example.com/story")]
    [InlineData("javascript:alert(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/story")]
    [InlineData("example.com/story")]
    [InlineData("http://")]
    [InlineData("https://exa mple.com/a")]
    public async Task A_url_that_is_not_absolute_http_is_a_400_naming_the_url(string url)
    {
        using var response = await PostAsync(TestArticles.New(url: url));

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "url");
    }

    [Theory]
    [InlineData("english")]
    [InlineData("e")]
    [InlineData("en_US")]
    [InlineData("en-")]
    [InlineData("12")]
    [InlineData("<script>")]
    public async Task A_language_that_is_not_a_bcp47_tag_is_a_400_naming_the_language(string language)
    {
        using var response = await PostAsync(TestArticles.New(language: language));

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "language");
    }

    [Theory]
    [InlineData("1500-06-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("3024-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public async Task A_publication_time_that_cannot_be_real_is_a_400_naming_it(string publishedAt)
    {
        using var response = await PostJsonAsync(
            $$"""{"title": "A headline {{TestArticles.UniqueWord()}}", "body": "text", "publishedAt": "{{publishedAt}}"}""");

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "publishedAt");
    }

    [Fact]
    public async Task A_body_over_the_length_limit_is_a_400_naming_the_body()
    {
        using var response = await PostAsync(TestArticles.New(body: new string('a', 1_000_001)));

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "body");
    }

    [Fact]
    public async Task A_body_at_the_length_limit_is_accepted()
    {
        var word = TestArticles.UniqueWord();
        var body = $"{word} " + new string('a', 1_000_000 - word.Length - 1);

        using var response = await PostAsync(TestArticles.New(body: body));

        await AssertStatusAsync(response, HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_request_over_2_mib_is_a_413_problem()
    {
        // TestServer does not enforce request size limits, so this one runs on Kestrel, as production does.
        await using var kestrel = api.WithWebHostBuilder(_ => { });
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        var json = JsonSerializer.Serialize(TestArticles.New(body: new string('a', 3 * 1024 * 1024)), NewsEventsApiFactory.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, ArticlesPath)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        // The server answers from the Content-Length alone; without this the client may still be sending when it closes.
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_request_just_under_2_mib_is_not_refused_for_its_size()
    {
        await using var kestrel = api.WithWebHostBuilder(_ => { });
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();
        // Within the body's length limit, but '<' is escaped as \u003C: about 1.4 MiB on the wire.
        var body = new string('<', 100_000) + $" {TestArticles.UniqueWord()} " + new string('a', 800_000);
        var json = JsonSerializer.Serialize(TestArticles.New(body: body), NewsEventsApiFactory.Json);
        Assert.InRange(Encoding.UTF8.GetByteCount(json), 1024 * 1024, 2 * 1024 * 1024);

        using var response = await client.PostAsync(ArticlesPath, new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertStatusAsync(response, HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_is_a_415_problem(string contentType)
    {
        using var content = new StringContent("""{"title": "A headline", "body": "text"}""", Encoding.UTF8, contentType);

        using var response = await api.CreateClient().PostAsync(ArticlesPath, content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_article_id_is_a_404_problem()
    {
        using var response = await api.CreateClient().GetAsync($"{ArticlesPath}/{Guid.NewGuid()}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    [InlineData("00000000-0000-0000-0000-00000000000g")]
    [InlineData("%27%20OR%201%3D1")]
    public async Task An_id_that_is_not_a_guid_is_a_404_problem(string id)
    {
        using var response = await api.CreateClient().GetAsync($"{ArticlesPath}/{id}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("q=news&limit=101", "limit")]
    [InlineData("sort=bogus", "sort")]
    [InlineData("sort=7", "sort")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z", "to")]
    [InlineData("from=2024-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", "to")]
    public async Task An_out_of_range_list_parameter_is_a_400_naming_it(string query, string field)
    {
        using var response = await api.CreateClient().GetAsync($"{ArticlesPath}?{query}");

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), field);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("%00%01")]
    [InlineData("MXwwLjV8MXwwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA")] // "1|0.5|1|000…": a newest cursor carrying a rank
    public async Task A_forged_or_garbage_cursor_is_a_400_naming_the_cursor(string cursor)
    {
        using var withQuery = await api.CreateClient().GetAsync($"{ArticlesPath}?q=news&cursor={cursor}");
        using var listing = await api.CreateClient().GetAsync($"{ArticlesPath}?cursor={cursor}");

        AssertHasErrorFor(await AssertProblemAsync(withQuery, HttpStatusCode.BadRequest), "cursor");
        AssertHasErrorFor(await AssertProblemAsync(listing, HttpStatusCode.BadRequest), "cursor");
    }

    [Fact]
    public async Task A_cursor_over_200_characters_is_a_400()
    {
        using var response = await api.CreateClient().GetAsync($"{ArticlesPath}?cursor={new string('A', 400)}");

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "cursor");
    }

    [Fact]
    public async Task A_cursor_issued_for_the_other_sort_is_a_400()
    {
        var word = TestArticles.UniqueWord();
        for (var i = 0; i < 3; i++)
        {
            await api.IngestAsync(TestArticles.New(title: $"{word} number {i}"));
        }
        var relevance = await api.SearchAsync($"q={word}&sort=relevance&limit=1");
        var newest = await api.SearchAsync($"q={word}&sort=newest&limit=1");
        Assert.NotNull(relevance.NextCursor);
        Assert.NotNull(newest.NextCursor);

        using var relevanceCursorForNewest = await api.CreateClient().GetAsync($"{ArticlesPath}?q={word}&sort=newest&cursor={relevance.NextCursor}");
        using var newestCursorForRelevance = await api.CreateClient().GetAsync($"{ArticlesPath}?q={word}&sort=relevance&cursor={newest.NextCursor}");
        using var relevanceCursorForListing = await api.CreateClient().GetAsync($"{ArticlesPath}?cursor={relevance.NextCursor}");

        AssertHasErrorFor(await AssertProblemAsync(relevanceCursorForNewest, HttpStatusCode.BadRequest), "cursor");
        AssertHasErrorFor(await AssertProblemAsync(newestCursorForRelevance, HttpStatusCode.BadRequest), "cursor");
        AssertHasErrorFor(await AssertProblemAsync(relevanceCursorForListing, HttpStatusCode.BadRequest), "cursor");
        // The control: each cursor is good for its own sort.
        Assert.Single((await api.SearchAsync($"q={word}&sort=relevance&limit=1&cursor={relevance.NextCursor}")).Items);
        Assert.Single((await api.SearchAsync($"q={word}&sort=newest&limit=1&cursor={newest.NextCursor}")).Items);
    }

    public static TheoryData<string> HostileQueries => new(
        Uri.EscapeDataString(@"&|!():*<>'\"),
        Uri.EscapeDataString("'; DROP TABLE articles; --"),
        Uri.EscapeDataString("\"unbalanced quote"),
        Uri.EscapeDataString("unbalanced\" \"quotes\" \""),
        Uri.EscapeDataString("-"),
        Uri.EscapeDataString("OR OR OR"),
        Uri.EscapeDataString("-(-(-(x)))"),
        Uri.EscapeDataString("a:* | b:* & !c"),
        Uri.EscapeDataString("<mark>x</mark><script>alert(1)</script>"),
        Uri.EscapeDataString(string.Concat(Enumerable.Repeat("word ", 200))),
        Uri.EscapeDataString(new string('"', 1000)),
        Uri.EscapeDataString(string.Concat(Enumerable.Repeat("ab-", 333)) + "a"),
        new string('x', 1001),
        "a%00b",
        "%00",
        "%",
        "%zz",
        "%E2%82",
        "%C0%AF",
        "%ED%A0%80",
        "%ED%B0%80x",
        "%FF%FE",
        Uri.EscapeDataString("\uFFFD\uFEFF\u200B"),
        Uri.EscapeDataString("\U0001F600 emoji"));

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task A_hostile_search_string_is_never_a_server_error(string encoded)
    {
        foreach (var parameter in new[] { "q", "source", "language" })
        {
            using var response = await api.CreateClient().GetAsync($"{ArticlesPath}?{parameter}={encoded}");

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"{parameter}={encoded} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            }
        }
    }

    [Fact]
    public async Task The_articles_table_survives_an_injection_attempt()
    {
        var article = await api.IngestAsync(TestArticles.New());

        await api.SearchAsync($"q={Uri.EscapeDataString("'; DROP TABLE articles; --")}&source={Uri.EscapeDataString("x'; DELETE FROM articles; --")}");

        Assert.Equal(article.Id, (await api.GetArticleAsync(article.Id)).Id);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("body")]
    [InlineData("source")]
    [InlineData("author")]
    public async Task Nul_characters_in_an_article_are_accepted_and_stored_without_them(string field)
    {
        var word = TestArticles.UniqueWord();
        var fields = new Dictionary<string, string>
        {
            ["title"] = $"Title {word}",
            ["body"] = $"Body {word}",
            ["source"] = $"Wire {word}",
            ["author"] = "Jane Doe",
            ["url"] = $"https://example.com/{word}",
        };
        fields[field] = fields[field].Insert(5, @"\u0000").Insert(3, @"\u0000");
        var json = "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": \"{f.Value}\"")) + "}";

        using var response = await PostJsonAsync(json);

        await AssertStatusAsync(response, HttpStatusCode.Accepted);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var db = api.CreateDbContext();
        var stored = await db.Articles.Include(a => a.Source).SingleAsync(a => a.Id == id);
        Assert.DoesNotContain('\0', stored.Title + stored.Body + stored.Source!.Name + stored.Author + stored.Url + stored.CanonicalUrl);
        Assert.Contains(word, stored.Title + stored.Body + stored.Source!.Name + stored.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"https://example.com/a\u0000b")]
    [InlineData(@"https://example.com/a\u0007b")]
    [InlineData(@"https://example.com/a\nb")]
    [InlineData(@"https://example.com/a\ud800b")]
    [InlineData(@"https://example.com/a\udc00")]
    [InlineData(@"https://exa\u0000mple.com/a")]
    public async Task A_url_with_control_characters_or_lone_surrogates_is_a_400_naming_the_url(string escapedUrl)
    {
        using var response = await PostJsonAsync($$"""{"title": "{{TestArticles.UniqueWord()}}", "body": "text", "url": "{{escapedUrl}}"}""");

        AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "url");
    }

    [Fact]
    public async Task A_url_with_non_ascii_characters_is_accepted_and_canonicalised_percent_encoded()
    {
        var word = TestArticles.UniqueWord();

        var article = await api.IngestAsync(TestArticles.New(url: $"https://example.com/{word}/caf\u00e9-\U0001F600"));

        Assert.Equal($"https://example.com/{word}/caf%C3%A9-%F0%9F%98%80", article.CanonicalUrl);
    }

    [Fact]
    public async Task Lone_surrogates_in_an_article_are_accepted_and_stored_without_them()
    {
        var word = TestArticles.UniqueWord();
        // Other escapes in the same strings must still be decoded exactly once the lone surrogate is let through.
        using var response = await PostJsonAsync($$"""
            {"title": "Broken \ud800 title {{word}} \"quoted\" back\\slash \/ a\tb \u00e9",
             "body": "Broken \udc00 body \ud83d\ude00 {{word}} \ud800",
             "source": "Wire \udfff {{word}}", "author": "Jane \ud800 Doe"}
            """);

        await AssertStatusAsync(response, HttpStatusCode.Accepted);
        var accepted = (await response.Content.ReadFromJsonAsync<ArticleResponse>(NewsEventsApiFactory.Json))!;
        Assert.Equal($"Broken \uFFFD title {word} \"quoted\" back\\slash / a\tb \u00e9", accepted.Title);
        Assert.Equal($"Wire \uFFFD {word}", accepted.Source);
        await using var db = api.CreateDbContext();
        var stored = await db.Articles.Include(a => a.Source).SingleAsync(a => a.Id == accepted.Id);
        var text = stored.Title + stored.Body + stored.Source!.Name + stored.Author;
        Assert.False(HasLoneSurrogate(text), "Stored with a lone surrogate.");
        Assert.Contains("\U0001F600", stored.Body, StringComparison.Ordinal); // a valid pair survives
    }

    [Fact]
    public async Task A_url_whose_canonical_form_is_too_long_to_store_is_never_a_server_error()
    {
        // 1,000 characters as sent, but every 'é' becomes %C3%A9 in the canonical form.
        var url = $"https://example.com/{TestArticles.UniqueWord()}/" + new string('é', 1000);

        using var response = await PostAsync(TestArticles.New(url: url));

        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.BadRequest,
            $"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            AssertHasErrorFor(await AssertProblemAsync(response, HttpStatusCode.BadRequest), "url");
        }
    }

    private Task<HttpResponseMessage> PostAsync(object article) =>
        api.CreateClient().PostAsJsonAsync(ArticlesPath, article, NewsEventsApiFactory.Json);

    private Task<HttpResponseMessage> PostJsonAsync(string json) =>
        api.CreateClient().PostAsync(ArticlesPath, new StringContent(json, Encoding.UTF8, "application/json"));

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode status) =>
        Assert.True(status == response.StatusCode,
            $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
