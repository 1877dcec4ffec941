using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Linking;

/// <summary>Capitals and seats of government that stand for a government, and the same names used as places.</summary>
public sealed class MetonymTests
{
    [Theory]
    [InlineData("Moscow held talks with officials on Tuesday.", "Moscow", "ru")]
    [InlineData("Analysts questioned Pyongyang's supply of shells to the front.", "Pyongyang", "kp")]
    [InlineData("Kyiv's attacks on the eastern regions continued.", "Kyiv", "ua")]
    [InlineData("The envoy held talks with Moscow last week.", "Moscow", "ru")]
    [InlineData("Officials said Washington will impose sanctions.", "Washington", "us")]
    [InlineData("Officials said Manila will raise tariffs.", "Manila", "ph")]
    public void A_capital_used_as_an_actor_is_its_government(string text, string capital, string code)
    {
        var entity = LinkingTestHelpers.Entities(text).WithMention(capital);

        Assert.Equal(EntityType.Organization, entity.Type);
        Assert.Equal($"organization:government:{code}", entity.Key);
        Assert.Equal($"location:country:{code}", entity.PartOfKey);
        Assert.StartsWith("Government of ", entity.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The delegation arrived in Moscow on Monday.", "Moscow", "RU")]
    [InlineData("Thousands gathered at a rally in Pyongyang.", "Pyongyang", "KP")]
    [InlineData("Flights from Kyiv were cancelled.", "Kyiv", "UA")]
    public void A_capital_used_as_a_place_stays_the_city(string text, string capital, string country)
    {
        var entity = LinkingTestHelpers.Entities(text).WithMention(capital);

        Assert.Equal(EntityType.Location, entity.Type);
        Assert.Equal(LocationKind.City, entity.Kind);
        Assert.Equal(country, entity.CountryCode);
        Assert.NotNull(entity.Latitude);
        Assert.StartsWith("location:geonames:", entity.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Governments_are_named_as_English_names_them()
    {
        var entities = LinkingTestHelpers.Entities("Washington and Manila said talks would resume, and Pyongyang said nothing.");

        Assert.Contains(entities, e => e.Name == "Government of the United States");
        Assert.Contains(entities, e => e.Name == "Government of the Philippines");
        Assert.Contains(entities, e => e.Name == "Government of North Korea");
    }

    [Fact]
    public void The_same_capital_can_be_both_in_one_article()
    {
        var entities = LinkingTestHelpers.Entities("Moscow said it would respond. Protesters gathered in Moscow on Sunday.");

        Assert.Contains(entities, e => e.Key == "organization:government:ru");
        Assert.Contains(entities, e => e.Kind == LocationKind.City && e.CountryCode == "RU");
    }

    [Theory]
    [InlineData("The Kremlin declined to comment on the report.", "Kremlin", "organization:kremlin", "ru")]
    [InlineData("A spokesman for Downing Street said the talks were useful.", "Downing Street", "organization:downing street", "gb")]
    [InlineData("The White House said the president would travel next week.", "White House", "organization:white house", "us")]
    public void Seats_of_government_are_organisations_of_their_country(string text, string name, string key, string code)
    {
        var entity = LinkingTestHelpers.Entities(text).WithMention(name);

        Assert.Equal(EntityType.Organization, entity.Type);
        Assert.Equal(key, entity.Key);
        Assert.Equal($"location:country:{code}", entity.PartOfKey);
    }

    [Fact]
    public void A_nationality_before_an_institution_is_that_countrys_institution()
    {
        var entities = LinkingTestHelpers.Entities("The Russian government rejected the plan, while the Ukrainian army advanced.");

        var government = entities.WithMention("Russian government");
        Assert.Equal(("organization:government:ru", "Government of Russia"), (government.Key, government.Name));
        var army = entities.WithMention("Ukrainian army");
        Assert.Equal((EntityType.Organization, "location:country:ua"), (army.Type, army.PartOfKey));
    }
}
