namespace NewsEvents.Extraction.Tests.Linking;

/// <summary>Titles and roles before names are kept as titles, not as part of the name.</summary>
public sealed class TitleTests
{
    [Theory]
    [InlineData("He met Prime Minister Boris Johnson in London.", "Boris Johnson", "Prime Minister")]
    [InlineData("The decision was welcomed by economy minister Heizo Takenaka on Friday.", "Heizo Takenaka", "economy minister")]
    [InlineData("Spokesman Marlin Fitzwater said the panel would report soon.", "Marlin Fitzwater", "Spokesman")]
    [InlineData("He said National Security Adviser Frank Carlucci will wait for the report.", "Frank Carlucci", "National Security Adviser")]
    public void A_title_before_a_name_is_a_title(string text, string name, string title)
    {
        var entities = LinkingTestHelpers.Entities(text);

        var person = entities.Named(name);
        Assert.Equal([title], person.Titles);
        Assert.DoesNotContain(entities, e => e.Name == title);
    }

    [Theory]
    [InlineData("Mr Blair met Gordon Brown.", "Gordon Brown")]
    [InlineData("Talks with Vladimir Putin ended on Monday.", "Vladimir Putin")]
    public void Words_before_a_name_that_are_no_role_are_no_title(string text, string name)
    {
        Assert.Empty(LinkingTestHelpers.Entities(text).Named(name).Titles);
    }

    [Fact]
    public void A_short_form_is_the_person_mentioned_last()
    {
        var entities = LinkingTestHelpers.Entities(
            "Kim Jong-un met Kim Yo-jong in Pyongyang. Later Kim Yo-jong spoke to reporters, and Kim said nothing.");

        Assert.Contains(entities.Named("Kim Yo-jong").Mentions, m => m.Text == "Kim");
        Assert.DoesNotContain(entities.Named("Kim Jong-un").Mentions, m => m.Text == "Kim");
    }
}
