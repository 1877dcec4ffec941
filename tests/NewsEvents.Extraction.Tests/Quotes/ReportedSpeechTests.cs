using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Quotes;

public sealed class ReportedSpeechTests
{
    private static readonly (string, EntityType) Sullivan = ("Jake Sullivan|Sullivan", EntityType.Person);
    private static readonly (string, EntityType) Cbs = ("CBS", EntityType.Organization);

    [Theory]
    [InlineData("Sullivan said that North Korea will pay the price.", "said that")]
    [InlineData("Sullivan stated that North Korea will pay the price.", "stated that")]
    [InlineData("Sullivan said North Korea will pay the price.", "said")]
    [InlineData("Sullivan said on Monday that North Korea will pay the price.", "said")]
    [InlineData("Sullivan told CBS that North Korea will pay the price.", "told")]
    [InlineData("Sullivan told CBS North Korea will pay the price.", "told")]
    [InlineData("Sullivan warned that North Korea will pay the price.", "warned that")]
    [InlineData("According to Sullivan, North Korea will pay the price.", "according to")]
    [InlineData("North Korea will pay the price, according to Sullivan.", "according to")]
    [InlineData("North Korea will pay the price, Sullivan said.", "said")]
    [InlineData("North Korea will pay the price, said US National Security Advisor Jake Sullivan.", "said")]
    [InlineData("North Korea will pay the price, Sullivan told CBS on Sunday.", "told")]
    public void Explicit_attributions_give_the_reported_clause_and_its_speaker(string text, string cue)
    {
        var run = QuoteRun.Of(text, Sullivan, Cbs);

        var quote = Assert.Single(run.Quotes);
        Assert.False(quote.IsDirect);
        Assert.Equal("North Korea will pay the price", quote.Text);
        Assert.Equal(quote.Text, text[quote.Span.Start..quote.Span.End]);
        Assert.Equal("Jake Sullivan", run.SpeakerOf("North Korea"));
        Assert.StartsWith(cue.Split(' ')[0], quote.Cue, StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_before_a_name_after_according_to_gives_the_name()
    {
        const string text = "Growth of two pct is still possible, according to President of the Federation of Banks, Jake Sullivan.";

        var run = QuoteRun.Of(text, Sullivan);

        Assert.Equal("Jake Sullivan", run.SpeakerOf("Growth of two"));
    }

    [Fact]
    public void A_hearer_the_rules_do_not_know_is_not_read_as_the_clause()
    {
        const string text = "Sullivan told a CBS select committee human rights concerns remained.";

        Assert.Empty(QuoteRun.Of(text, Sullivan, Cbs).Quotes);
    }

    [Fact]
    public void An_unnamed_official_is_a_quote_without_a_speaker()
    {
        const string text = "Speaking to CBS, an official from the Biden administration said that Kim will go to Russia. "
            + "The official stated that weapons were the first item.";

        var run = QuoteRun.Of(text, Cbs, ("Biden", EntityType.Person), ("Kim", EntityType.Person), ("Russia", EntityType.Location));

        Assert.Null(run.Quote("Kim will go to Russia").Speaker);
        Assert.Equal("said that", run.Quote("Kim will go to Russia").Cue);
        Assert.Null(run.Quote("weapons were").Speaker);
    }

    [Fact]
    public void Coordinated_speakers_give_the_named_one()
    {
        const string text = "However, both Kyiv and Western intelligence sources announced that the army had breached the first line.";

        var run = QuoteRun.Of(text, ("Kyiv", EntityType.Location), ("Western", EntityType.Group));

        Assert.Equal("Kyiv", run.SpeakerOf("the army"));
    }

    [Fact]
    public void A_second_attribution_ends_the_first_clause()
    {
        const string text = "Sullivan said the talks had failed, adding that North Korea would pay the price.";

        var run = QuoteRun.Of(text, Sullivan);

        Assert.Equal("the talks had failed", run.Quote("the talks").Text);
        Assert.Equal("North Korea would pay the price", run.Quote("North Korea").Text);
        Assert.All(run.Quotes, q => Assert.Equal("Jake Sullivan", run.SpeakerOf(q.Text)));
    }

    [Theory]
    [InlineData("It was claimed that Moscow held talks with North Korea.")]
    [InlineData("The United States reacted to reports that Russia is buying weapons.")]
    [InlineData("Sullivan did not say that North Korea will pay the price.")]
    [InlineData("Sullivan was told that North Korea will pay the price.")]
    [InlineData("Sullivan is said to be angry about the weapons.")]
    [InlineData("Sullivan refused to comment on the weapons.")]
    public void Speech_verbs_without_a_speaker_or_in_the_passive_are_not_attributions(string text)
    {
        Assert.Empty(QuoteRun.Of(text, Sullivan, ("Moscow", EntityType.Location), ("Russia", EntityType.Location)).Quotes);
    }

    [Fact]
    public void A_reported_clause_holding_a_direct_quote_gives_way_to_it()
    {
        const string text = "Sullivan said that North Korea would face “a negative response” in the world.";

        var run = QuoteRun.Of(text, Sullivan);

        var quote = Assert.Single(run.Quotes);
        Assert.True(quote.IsDirect);
        Assert.Equal("a negative response", quote.Text);
        Assert.Equal("Jake Sullivan", run.SpeakerOf("a negative"));
    }

    [Fact]
    public void A_headline_names_its_source_after_a_colon()
    {
        var run = QuoteRun.Of("N. Korea gives weapons to Russia, pays price: US", "Body.", ("US", EntityType.Location));

        var quote = Assert.Single(run.Quotes);
        Assert.Equal(TextField.Title, quote.Span.Field);
        Assert.Equal("N. Korea gives weapons to Russia, pays price", quote.Text);
        Assert.Equal("US", run.SpeakerOf("N. Korea"));
    }
}
