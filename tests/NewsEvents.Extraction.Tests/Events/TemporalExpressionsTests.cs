using NewsEvents.Extraction.Events;

namespace NewsEvents.Extraction.Tests.Events;

public sealed class TemporalExpressionsTests
{
    /// <summary>A Tuesday.</summary>
    private static readonly DateOnly Published = new(2023, 9, 5);

    [Theory]
    [InlineData("They met on September 5, 2023.", false, "2023-09-05")]
    [InlineData("They met on 5 September 2023.", false, "2023-09-05")]
    [InlineData("The report of 2023-09-01 said so.", false, "2023-09-01")]
    [InlineData("They met yesterday.", false, "2023-09-04")]
    [InlineData("They will meet tomorrow.", true, "2023-09-06")]
    [InlineData("They met today.", false, "2023-09-05")]
    [InlineData("They will meet next week.", true, "2023-09-11")]
    [InlineData("They met last week.", false, "2023-08-28")]
    [InlineData("They met last month.", false, "2023-08-01")]
    [InlineData("They will meet next month.", true, "2023-10-01")]
    [InlineData("They met last year.", false, "2022-01-01")]
    [InlineData("They met on Monday.", false, "2023-09-04")]
    [InlineData("They will meet on Monday.", true, "2023-09-11")]
    [InlineData("They met on Tuesday.", false, "2023-09-05")]
    [InlineData("They will meet on Tuesday.", true, "2023-09-12")]
    [InlineData("They met on Friday.", false, "2023-09-01")]
    [InlineData("They met last Tuesday.", false, "2023-08-29")]
    [InlineData("They meet next Friday.", false, "2023-09-08")]
    [InlineData("They met in September.", false, "2023-09-01")]
    [InlineData("They will meet in September.", true, "2023-09-01")]
    [InlineData("They met in December.", false, "2022-12-01")]
    [InlineData("They will meet in December.", true, "2023-12-01")]
    [InlineData("They will meet in March 2024.", true, "2024-03-01")]
    [InlineData("They met on Sept. 3.", false, "2023-09-03")]
    [InlineData("They will meet on Sept. 12.", true, "2023-09-12")]
    [InlineData("They met on Aug 30.", false, "2023-08-30")]
    [InlineData("They met on 30 August.", false, "2023-08-30")]
    [InlineData("They met three days ago.", false, "2023-09-02")]
    [InlineData("They met two weeks ago.", false, "2023-08-22")]
    [InlineData("They will meet in two weeks.", true, "2023-09-19")]
    [InlineData("They met six months ago.", false, "2023-03-05")]
    public void Resolves_against_the_publication_date(string text, bool planned, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TemporalExpressions.ResolveFirst(text, Published, planned));
    }

    [Theory]
    [InlineData("They met recently.")]
    [InlineData("Prices may rise.")]
    [InlineData("The March was long.")]
    [InlineData("")]
    public void Finds_no_date_where_the_text_gives_none(string text)
    {
        Assert.Null(TemporalExpressions.ResolveFirst(text, Published));
    }

    [Fact]
    public void Relative_dates_need_a_publication_date_absolute_ones_do_not()
    {
        Assert.Null(TemporalExpressions.ResolveFirst("They will meet next week.", null, future: true));
        Assert.Equal(new DateOnly(2023, 9, 5), TemporalExpressions.ResolveFirst("They met on 5 September 2023.", null));
        Assert.Equal(new DateOnly(2024, 3, 1), TemporalExpressions.ResolveFirst("They will meet in March 2024.", null));
    }

    [Fact]
    public void Dates_at_the_ends_of_the_calendar_do_not_throw()
    {
        Assert.Null(TemporalExpressions.ResolveFirst("They met yesterday.", DateOnly.MinValue));
        Assert.Null(TemporalExpressions.ResolveFirst("They will meet next week.", DateOnly.MaxValue, future: true));
        Assert.Null(TemporalExpressions.ResolveFirst("They met on 31 February 2023.", Published));
    }
}
