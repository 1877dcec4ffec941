using NewsEvents.Extraction.Pipeline;
using static NewsEvents.Extraction.Tests.Events.EventTestKit;

namespace NewsEvents.Extraction.Tests.Events;

/// <summary>The events issue 3 names for the reference article, read as a reviewer would check them.</summary>
public sealed class SeedArticleEventTests
{
    private static readonly string[] NorthKorea = ["North Korea", "N. Korea", "Korea", "Pyongyang", "North Korean"];
    private static readonly string[] Russia = ["Russia", "Moscow", "Russian Federation"];
    private static readonly string[] UnitedStates = ["United States", "US", "U.S.", "Jake Sullivan", "Sullivan"];

    private readonly ExtractionResult _result = SeedArticle;

    [Fact]
    public void Russia_negotiating_to_procure_weapons_from_North_Korea_is_alleged()
    {
        var negotiation = Assert.Single(Find(_result, "04", Russia, NorthKorea), e => e.Cue.StartsWith("negotiat", StringComparison.Ordinal));

        Assert.Equal("046", negotiation.Type.Code);
        Assert.Equal(Modality.Alleged, negotiation.Modality);
        Assert.Contains("reports that Russia is negotiating to procure weapons from North Korea", negotiation.SentenceText, StringComparison.Ordinal);
    }

    [Fact]
    public void North_Korea_supplying_weapons_to_Russia_is_alleged_or_planned_where_reports_claim_it()
    {
        var supplies = Find(_result, "07", NorthKorea, Russia);

        Assert.True(supplies.Count >= 2, Describe(_result));
        Assert.All(supplies, supply => Assert.Equal("072", supply.Type.Code));
        var procurement = Assert.Single(supplies, e => e.Cue == "procure");
        Assert.Contains(procurement.Modality, new[] { Modality.Alleged, Modality.Planned });
        Assert.Contains(supplies, e => e.Cue == "supply" && e.SentenceText.Contains("Pyongyang's supply of weapons", StringComparison.Ordinal));
    }

    [Fact]
    public void Kim_to_meet_Putin_in_Vladivostok_is_planned()
    {
        var meetings = Find(_result, "04", ["Kim Jong-un", "Kim Jong-Un", "Kim"], ["Vladimir Putin", "Putin"]);

        Assert.True(meetings.Count >= 2, Describe(_result));
        Assert.All(meetings, meeting => Assert.Equal(Modality.Planned, meeting.Modality));
        var inVladivostok = Assert.Single(meetings, e => IsNamed(_result, e.Location, "Vladivostok"));
        Assert.Equal("meeting", inVladivostok.Cue);
    }

    [Fact]
    public void Ukrainian_forces_breaching_a_defence_line_in_the_Zaporizhzhia_region_is_reported()
    {
        var breach = Assert.Single(Find(_result, "19", ["Ukrainian", "Ukraine", "Ukrainian army"]), e => e.Cue == "breached");

        Assert.Equal(Modality.Reported, breach.Modality);
        Assert.True(IsNamed(_result, breach.Location, "Zaporizhia", "Zaporizhzhia", "Zaporizhia region", "Zaporizhzhia region"), Describe(_result));
        Assert.Null(breach.Date); // "recently" names no date
    }

    [Fact]
    public void The_Kremlin_declining_to_comment_is_011_and_not_a_denial()
    {
        var declined = Assert.Single(Find(_result, "01", ["Kremlin", "the Kremlin"]));

        Assert.Equal("011", declined.Type.Code);
        Assert.Equal("Decline comment", declined.Type.Name);
        Assert.Equal("refused to comment", declined.Cue);
        Assert.Equal(Modality.Asserted, declined.Modality);
    }

    [Fact]
    public void The_US_warns_North_Korea()
    {
        var warnings = Find(_result, "13", UnitedStates, NorthKorea);

        Assert.NotEmpty(warnings);
        Assert.Contains(warnings, e => e.Cue == "pay the price" && IsNamed(_result, e.Actor, "Jake Sullivan") && e.Modality == Modality.Reported);
    }

    [Fact]
    public void Every_event_carries_its_sentence_with_offsets_cue_confidence_and_tone()
    {
        var title = SeedArticleText[..SeedArticleText.IndexOf('\n', StringComparison.Ordinal)];
        var body = SeedArticleText[(title.Length + 1)..];

        Assert.True(_result.Events.Count >= 12, Describe(_result));
        foreach (var e in _result.Events)
        {
            var text = e.Sentence.Field == TextField.Title ? title : body;
            Assert.Equal(text[e.Sentence.Start..e.Sentence.End], e.SentenceText);
            Assert.Contains(e.Cue, e.SentenceText, StringComparison.Ordinal);
            Assert.InRange(e.Confidence, 0.05, 0.95);
            Assert.InRange(e.Tone, -100, 100);
            Assert.NotNull(e.Actor ?? e.Target);
            Assert.Equal(e.Type, Extraction.Events.EventTaxonomy.Find(e.Type.Code));
        }
    }
}
