using NewsEvents.Extraction.Linking;

namespace NewsEvents.Extraction.Tests.Linking;

/// <summary>The place data the linker resolves names against, and its spelling-tolerant look-up.</summary>
public sealed class PlaceGazetteerTests
{
    private static PlaceGazetteer Places => PlaceGazetteer.Default;

    [Theory]
    [InlineData("zaporizhzhia", "zaporizhia")]
    [InlineData("hollwood", "hollywood")]
    [InlineData("rio de janeir", "rio de janeiro")]
    [InlineData("afghanistn", "afghanistan")]
    public void A_near_spelling_finds_the_name(string spelling, string name)
    {
        Assert.Equal(name, Places.NearestName(spelling));
    }

    [Theory]
    [InlineData("bellamy")] // a surname one letter from Bellary: too short to guess
    [InlineData("gulf coast")] // two edits from Gold Coast in a name of two words
    [InlineData("south bank")]
    [InlineData("xqzzzzzzzzzz")]
    [InlineData("")]
    public void A_name_too_far_from_any_place_finds_nothing(string spelling)
    {
        Assert.Null(Places.NearestName(spelling));
    }

    [Fact]
    public void Countries_have_codes_names_demonyms_and_coordinates()
    {
        var us = Places.Country("us");
        Assert.NotNull(us);
        Assert.Same(us, Places.Country("united states of america"));
        Assert.Same(us, Places.Demonym("americans"));
        Assert.Equal("Government of the United States", us.GovernmentName);
        Assert.Same(Places.Country("north korea"), Places.Demonym("north korean"));
        Assert.Same(Places.Country("united kingdom"), Places.Country("britain"));
        foreach (var code in (string[])["ru", "ua", "kp", "gb", "fr"])
        {
            Assert.NotNull(Places.CountryByCode(code)?.Latitude);
        }
    }

    [Fact]
    public void Capitals_are_the_seats_of_government_of_their_countries()
    {
        Assert.Equal("RU", Places.CapitalOf("moscow")?.Code);
        Assert.Equal("US", Places.CapitalOf("washington")?.Code);
        Assert.Equal("UA", Places.CapitalOf("kyiv")?.Code);
        Assert.Null(Places.CapitalOf("victoria")); // Seychelles' capital, but not the largest Victoria
        Assert.Null(Places.CapitalOf("vladivostok"));
    }

    [Fact]
    public void Places_of_a_name_come_most_populous_first()
    {
        var moscow = Places.Places("moscow");
        Assert.True(moscow.Count >= 2);
        Assert.Equal("RU", moscow[0].CountryCode);
        Assert.True(moscow[0].IsNationalCapital);
        Assert.Equal("DE", Places.Places("frankfurt")[0].CountryCode); // "Frankfurt (Oder)" / "Frankfurt am Main"
    }

    [Fact]
    public void World_regions_have_coordinates()
    {
        var europe = Places.WorldRegion("europe");
        Assert.NotNull(europe);
        Assert.InRange(europe.Latitude!.Value, 35, 65);
        Assert.NotNull(Places.WorldRegion("caribbean"));
    }
}
