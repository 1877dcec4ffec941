using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Linking;

/// <summary>
/// The reference article (Resources/seed-article.txt, first line the title): every person, organisation, place and
/// group in it, with the type, canonical name, key, titles, kind, country and coordinates a reader expects.
/// </summary>
public sealed class SeedArticleLinkingTests
{
    private static readonly Lazy<IReadOnlyList<ExtractedEntity>> LazyEntities = new(() =>
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        return LinkingTestHelpers.Entities(text[(split + 2)..], text[..split]);
    });

    private static IReadOnlyList<ExtractedEntity> Entities => LazyEntities.Value;

    [Fact]
    public void Nothing_is_missing_and_nothing_extra()
    {
        string[] expected =
        [
            "North Korea", "Russia", "United States", "Jake Sullivan", "Ukraine", "Ukrainian army", "Western allies",
            "Government of Ukraine", "Western", "Zaporizhia region", "Government of Russia", "Kim Jong-un", "CBS",
            "Biden administration", "North Korean", "Russian", "Vladimir Putin", "Government of North Korea", "British", "The Telegraph",
            "Vladivostok", "Kremlin",
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Entities.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void People_have_their_full_names_titles_and_short_forms()
    {
        var sullivan = Entities.Named("Jake Sullivan");
        Assert.Equal(EntityType.Person, sullivan.Type);
        Assert.Equal("person:jake sullivan", sullivan.Key);
        Assert.Equal(["US National Security Advisor"], sullivan.Titles);
        Assert.Equal(["Jake Sullivan", "Jake Sullivan", "Sullivan"], sullivan.Mentions.Select(m => m.Text));
        Assert.Null(Assert.Single(sullivan.Aliases, a => a.Name == "Sullivan").Key); // a lone surname identifies nobody

        var kim = Entities.Named("Kim Jong-un");
        Assert.Equal("person:kim jong un", kim.Key);
        Assert.Equal(["North Korean leader"], kim.Titles);
        Assert.Equal(["Kim Jong-Un", "Kim", "Kim Jong-un"], kim.Mentions.Select(m => m.Text));

        var putin = Entities.Named("Vladimir Putin");
        Assert.Equal("person:vladimir putin", putin.Key);
        Assert.Equal(4, putin.Mentions.Count);
        Assert.Empty(putin.Titles);

        Assert.Equal(3, Entities.Count(e => e.Type == EntityType.Person));
    }

    [Fact]
    public void Countries_are_one_entity_each_whatever_the_spelling()
    {
        var us = Entities.Named("United States");
        Assert.Equal(("location:country:us", LocationKind.Country, "US"), (us.Key, us.Kind!.Value, us.CountryCode));
        Assert.NotNull(us.Latitude);
        // "US" in the title, "United States (US)", and "US" inside "US National Security Advisor" (tagged ORG).
        Assert.Contains(us.Mentions, m => m.Span.Field == TextField.Title && m.Text == "US");
        Assert.Contains(us.Mentions, m => m.Text == "United States");
        Assert.True(us.Mentions.Count(m => m.Text == "US") >= 5);

        var northKorea = Entities.Named("North Korea");
        Assert.Equal("location:country:kp", northKorea.Key);
        Assert.Contains(northKorea.Mentions, m => m.Span.Field == TextField.Title && m.Text == "N. Korea" && m.Span.Start == 0);

        foreach (var (name, code) in new[] { ("Russia", "RU"), ("Ukraine", "UA") })
        {
            var country = Entities.Named(name);
            Assert.Equal($"location:country:{code.ToLowerInvariant()}", country.Key);
            Assert.Equal(LocationKind.Country, country.Kind);
            Assert.Equal(code, country.CountryCode);
            Assert.NotNull(country.Latitude);
            Assert.NotNull(country.Longitude);
        }
        Assert.Equal(4, Entities.Count(e => e.Kind == LocationKind.Country));
    }

    [Fact]
    public void Places_carry_kind_country_and_coordinates()
    {
        var vladivostok = Entities.Named("Vladivostok");
        Assert.Equal((EntityType.Location, LocationKind.City, "RU"), (vladivostok.Type, vladivostok.Kind!.Value, vladivostok.CountryCode));
        Assert.InRange(vladivostok.Latitude!.Value, 43.0, 43.2);
        Assert.InRange(vladivostok.Longitude!.Value, 131.8, 132.0);
        Assert.Equal("location:country:ru", vladivostok.PartOfKey);

        var zaporizhzhia = Entities.Named("Zaporizhia region");
        Assert.Equal("Zaporizhia", zaporizhzhia.Mentions.Single().Text); // "region" is no part of the name
        Assert.Equal((EntityType.Location, LocationKind.Region, "UA"), (zaporizhzhia.Type, zaporizhzhia.Kind!.Value, zaporizhzhia.CountryCode));
        Assert.Equal("location:region:ua:zaporizhia", zaporizhzhia.Key);
        Assert.InRange(zaporizhzhia.Latitude!.Value, 47.0, 48.5);
        Assert.Equal("location:country:ua", zaporizhzhia.PartOfKey);
    }

    [Fact]
    public void Capitals_used_as_actors_are_governments()
    {
        var kyiv = Entities.Named("Government of Ukraine");
        Assert.Equal(EntityType.Organization, kyiv.Type);
        Assert.Equal("organization:government:ua", kyiv.Key);
        Assert.Equal("location:country:ua", kyiv.PartOfKey);
        Assert.Equal(["Kyiv", "Kyiv"], kyiv.Mentions.Select(m => m.Text)); // "Kyiv's attacks", "both Kyiv and … announced"

        Assert.Equal("Moscow", Assert.Single(Entities.Named("Government of Russia").Mentions).Text); // "Moscow held talks"
        Assert.Equal("Pyongyang", Assert.Single(Entities.Named("Government of North Korea").Mentions).Text); // "Pyongyang's supply"
        Assert.DoesNotContain(Entities, e => e.Kind == LocationKind.City && e.Name is "Kyiv" or "Moscow" or "Pyongyang");
    }

    [Fact]
    public void The_Kremlin_is_Russias_government()
    {
        var kremlin = Entities.WithMention("Kremlin");
        Assert.Equal((EntityType.Organization, "Kremlin", "organization:kremlin"), (kremlin.Type, kremlin.Name, kremlin.Key));
        Assert.Equal("location:country:ru", kremlin.PartOfKey);
    }

    [Fact]
    public void Nationalities_and_institutions_link_to_their_countries()
    {
        var northKorean = Entities.Named("North Korean");
        Assert.Equal((EntityType.Group, "group:nationality:kp", "location:country:kp"), (northKorean.Type, northKorean.Key, northKorean.PartOfKey));
        Assert.Equal(2, northKorean.Mentions.Count);

        var british = Entities.Named("British");
        Assert.Equal((EntityType.Group, "location:country:gb"), (british.Type, british.PartOfKey));

        var army = Entities.Named("Ukrainian army");
        Assert.Equal((EntityType.Organization, "location:country:ua"), (army.Type, army.PartOfKey));
        Assert.Equal(2, army.Mentions.Count);

        var allies = Entities.Named("Western allies");
        Assert.Equal(EntityType.Group, allies.Type);

        // "Russian-occupied": the adjective names the nationality, which belongs to the state.
        var russian = Entities.Named("Russian");
        Assert.Equal((EntityType.Group, "group:nationality:ru", "location:country:ru"), (russian.Type, russian.Key, russian.PartOfKey));
        Assert.Equal("Russian", russian.Mentions.Single().Text);

        // "Western intelligence sources": an adjective of a plural noun is a group even with a word between them.
        Assert.Equal(EntityType.Group, Entities.Named("Western").Type);
    }

    [Fact]
    public void Organisations_are_named_as_the_text_names_them()
    {
        Assert.Equal(EntityType.Organization, Entities.Named("CBS").Type);
        Assert.Equal(EntityType.Organization, Entities.Named("Biden administration").Type);
        var telegraph = Entities.Named("The Telegraph");
        Assert.Equal((EntityType.Organization, "organization:telegraph"), (telegraph.Type, telegraph.Key));
        Assert.DoesNotContain(Entities, e => e.Name.Contains("National Security", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_mention_points_at_its_text()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var (title, body) = (text[..split], text[(split + 2)..]);
        foreach (var mention in Entities.SelectMany(e => e.Mentions))
        {
            var source = mention.Span.Field == TextField.Title ? title : body;
            Assert.Equal(mention.Text, source[mention.Span.Start..mention.Span.End]);
        }
        Assert.Equal(Entities.Count, Entities.Select(e => e.Key).Distinct().Count());
    }
}
