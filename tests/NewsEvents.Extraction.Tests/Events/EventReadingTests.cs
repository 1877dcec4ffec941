using NewsEvents.Extraction.Pipeline;
using static NewsEvents.Extraction.Tests.Events.EventTestKit;

namespace NewsEvents.Extraction.Tests.Events;

/// <summary>How single sentences are read: who acts on whom, how the text presents it, where and when.</summary>
public sealed class EventReadingTests
{
    /// <summary>Tuesday 5 September 2023, noon UTC.</summary>
    private static readonly DateTimeOffset Published = new(2023, 9, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Russia attacked Ukraine on Monday.", Modality.Asserted)]
    [InlineData("Officials in Kyiv said Russia attacked Ukraine on Monday.", Modality.Reported)]
    [InlineData("Russia attacked Ukraine on Monday, officials said.", Modality.Reported)]
    [InlineData("According to the ministry, Russia attacked Ukraine on Monday.", Modality.Reported)]
    [InlineData("Russia allegedly attacked Ukraine on Monday.", Modality.Alleged)]
    [InlineData("Kyiv claimed that Russia attacked Ukraine on Monday.", Modality.Alleged)]
    [InlineData("There were reports that Russia attacked Ukraine on Monday.", Modality.Alleged)]
    [InlineData("Russia will attack Ukraine on Monday.", Modality.Planned)]
    [InlineData("Russia plans to attack Ukraine on Monday.", Modality.Planned)]
    [InlineData("Russia is expected to attack Ukraine on Monday.", Modality.Planned)]
    [InlineData("Russia did not attack Ukraine on Monday.", Modality.Negated)]
    [InlineData("Russia never attacked Ukraine.", Modality.Negated)]
    [InlineData("Russia failed to attack Ukraine on Monday.", Modality.Negated)]
    [InlineData("Russia denied that it attacked Ukraine on Monday.", Modality.Denied)]
    public void Reads_how_the_article_presents_the_event(string sentence, Modality modality)
    {
        var result = Extract(sentence, Published);

        var attack = Assert.Single(Find(result, "19", ["Russia"], ["Ukraine"]));
        Assert.Equal(modality, attack.Modality);
    }

    [Theory]
    [InlineData("Russia attacked Ukraine on Monday.", "2023-09-04")]
    [InlineData("Russia will attack Ukraine on Monday.", "2023-09-11")]
    [InlineData("Russia will attack Ukraine next week.", "2023-09-11")]
    [InlineData("Russia attacked Ukraine last month.", "2023-08-01")]
    [InlineData("Russia attacked Ukraine on 2 September 2023.", "2023-09-02")]
    [InlineData("Russia attacked Ukraine.", null)]
    public void Dates_the_event_from_its_sentence(string sentence, string? date)
    {
        var result = Extract(sentence, Published);

        var attack = Assert.Single(Find(result, "19", ["Russia"], ["Ukraine"]));
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), attack.Date);
    }

    [Fact]
    public void A_passive_reads_its_by_phrase_as_the_actor()
    {
        var result = Extract("Kyiv was attacked by Russia on Monday.", Published);

        Assert.Single(Find(result, "19", ["Russia"], ["Kyiv"]));
    }

    [Fact]
    public void Receiving_weapons_from_someone_is_their_military_aid()
    {
        var result = Extract("Russia received weapons from Iran.", Published);

        var aid = Assert.Single(Find(result, "07", ["Iran"], ["Russia"]));
        Assert.Equal("072", aid.Type.Code);
    }

    [Fact]
    public void Coordinated_verbs_share_their_subject_and_auxiliary()
    {
        var result = Extract("Putin will travel to China and meet Xi Jinping in Beijing.", Published);

        var meeting = Assert.Single(Find(result, "04", ["Putin"], ["Xi Jinping"]), e => e.Type.Code == "040");
        Assert.Equal(Modality.Planned, meeting.Modality);
        Assert.True(IsNamed(result, meeting.Location, "Beijing"), Describe(result));
    }

    [Fact]
    public void Location_falls_back_to_the_dateline()
    {
        var result = Extract("KYIV, Sept 4 (Reuters) - Russia attacked Ukraine overnight, officials said.", Published);

        var attack = Assert.Single(Find(result, "19", ["Russia"], ["Ukraine"]));
        Assert.True(IsNamed(result, attack.Location, "Kyiv", "KYIV"), Describe(result));
    }

    [Theory]
    [InlineData("The Kremlin declined to comment.")]
    [InlineData("The Kremlin refused to comment on the reports.")]
    [InlineData("The Kremlin had no immediate comment.")]
    public void Declining_to_comment_is_011(string sentence)
    {
        var result = Extract(sentence, Published);

        var declined = Assert.Single(result.Events);
        Assert.Equal("011", declined.Type.Code);
        Assert.NotEqual(Modality.Denied, declined.Modality);
    }

    [Theory]
    [InlineData("The trade war between the United States and Japan escalated.")]
    [InlineData("Manchester United attacked relentlessly and scored twice in the second half of the match.")]
    [InlineData("The storm killed three people in Florida.")]
    [InlineData("Demand for oil from China rose sharply.")]
    public void Figures_of_speech_are_not_events(string sentence)
    {
        var result = Extract(sentence, Published);

        Assert.True(result.Events.Count == 0, Describe(result));
    }

    [Fact]
    public void Confidence_grows_with_the_evidence()
    {
        var full = Assert.Single(Extract("Russia attacked Ukraine.", Published).Events);
        var passive = Assert.Single(Extract("Ukraine was attacked.", Published).Events);

        Assert.True(full.Confidence > passive.Confidence);
    }
}
