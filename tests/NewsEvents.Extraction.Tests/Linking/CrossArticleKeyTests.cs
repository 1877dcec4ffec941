using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Linking;

/// <summary>Different articles that name the same thing differently give it the same key, so storage merges them.</summary>
public sealed class CrossArticleKeyTests
{
    [Theory]
    [InlineData("Kim Jong-Un", "Kim Jong-un")]
    [InlineData("Vladimir Putin", "VLADIMIR PUTIN")]
    public void Spelling_variants_of_a_person_share_a_key(string first, string second)
    {
        var a = LinkingTestHelpers.Entities($"Officials said {first} arrived on Tuesday.").WithMention(first);
        var b = LinkingTestHelpers.Entities($"Officials said {second} arrived on Tuesday.").WithMention(second);

        Assert.Equal(EntityType.Person, a.Type);
        Assert.Equal(a.Key, b.Key);
    }

    [Theory]
    [InlineData("U.S.")]
    [InlineData("US")]
    [InlineData("United States")]
    [InlineData("United States of America")]
    public void Names_of_the_United_States_are_one_country(string name)
    {
        var entity = LinkingTestHelpers.Entities($"Shares fell after the {name} imposed new tariffs on steel imports.").WithMention(name);

        Assert.Equal("location:country:us", entity.Key);
        Assert.Equal("United States", entity.Name);
        Assert.Equal(LocationKind.Country, entity.Kind);
        Assert.Equal("US", entity.CountryCode);
        Assert.InRange(entity.Latitude!.Value, 20, 50);
        Assert.InRange(entity.Longitude!.Value, -130, -60);
    }

    [Theory]
    [InlineData("Iran", "ir")]
    [InlineData("Peru", "pe")]
    [InlineData("PERU", "pe")]
    [InlineData("USA", "us")]
    public void Short_country_names_are_countries(string name, string code)
    {
        var entity = LinkingTestHelpers.Entities($"Oil exports from {name} rose sharply in March, officials said.").WithMention(name);

        Assert.Equal($"location:country:{code}", entity.Key);
    }

    [Fact]
    public void Britain_is_the_United_Kingdom()
    {
        var entity = LinkingTestHelpers.Entities("Exports from Britain rose in March.").WithMention("Britain");

        Assert.Equal("location:country:gb", entity.Key);
    }

    [Theory]
    [InlineData("Zaporizhia")]
    [InlineData("Zaporizhzhia")]
    public void A_misspelt_region_resolves_to_the_gazetteer_spelling(string spelling)
    {
        var entity = LinkingTestHelpers.Entities($"Fighting continued in the {spelling} region overnight, officials said.")
            .WithMention(spelling);

        Assert.Equal("location:region:ua:zaporizhia", entity.Key);
        Assert.Equal(LocationKind.Region, entity.Kind);
        Assert.Equal("UA", entity.CountryCode);
        Assert.NotNull(entity.Latitude);
    }

    [Theory]
    [InlineData("Zaporizhia")]
    [InlineData("Zaporizhzhia")]
    public void A_misspelt_city_resolves_to_the_gazetteer_city(string spelling)
    {
        var entity = LinkingTestHelpers.Entities($"Ukrainian troops arrived in {spelling} on Friday.").WithMention(spelling);

        Assert.Equal("location:geonames:687700", entity.Key);
        Assert.Equal("Zaporizhia", entity.Name);
        Assert.Equal((LocationKind.City, "UA"), (entity.Kind!.Value, entity.CountryCode));
    }

    [Theory]
    [InlineData("Ukrainian")]
    [InlineData("Ukrainians")]
    public void Demonyms_and_their_plurals_are_one_nationality(string demonym)
    {
        var entity = LinkingTestHelpers.Entities($"Many {demonym} fled west, the agency said.").WithMention(demonym);

        Assert.Equal(EntityType.Group, entity.Type);
        Assert.Equal("group:nationality:ua", entity.Key);
        Assert.Equal("location:country:ua", entity.PartOfKey);
    }

    [Fact]
    public void Same_named_places_are_chosen_by_the_articles_country()
    {
        var inRussia = LinkingTestHelpers.Entities("Russia said the delegation arrived in Moscow on Monday.").WithMention("Moscow");
        var inIdaho = LinkingTestHelpers.Entities("The United States festival opened in Moscow, a small town in Idaho.").WithMention("Moscow");

        Assert.Equal("RU", inRussia.CountryCode);
        Assert.Equal("US", inIdaho.CountryCode);
        Assert.Equal(LocationKind.City, inIdaho.Kind);
    }
}
