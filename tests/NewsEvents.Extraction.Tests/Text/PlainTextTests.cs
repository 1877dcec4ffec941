using NewsEvents.Extraction.Text;

namespace NewsEvents.Extraction.Tests.Text;

public sealed class PlainTextTests
{
    [Fact]
    public void Nul_and_other_control_characters_are_removed_but_line_breaks_and_tabs_stay()
    {
        Assert.Equal("ab\tc\r\nd", PlainText.Sanitize("a\0b\tc\u0007\r\n\u001Bd"));
    }

    [Fact]
    public void Unpaired_surrogates_become_replacement_characters_and_pairs_survive()
    {
        var text = "x\uD800y\uDC00z😀";

        Assert.Equal("x\uFFFDy\uFFFDz😀", PlainText.Sanitize(text));
    }

    [Fact]
    public void A_trailing_high_surrogate_is_replaced()
    {
        Assert.Equal("end\uFFFD", PlainText.Sanitize("end\uD83D"));
    }

    [Fact]
    public void Clean_text_is_returned_as_the_same_instance()
    {
        var text = "Kim Jong-un met Vladimir Putin in Vladivostok.";

        Assert.Same(text, PlainText.Sanitize(text));
        Assert.False(PlainText.NeedsSanitizing(text));
    }

    [Fact]
    public void Sanitizing_while_keeping_offsets_replaces_instead_of_removing()
    {
        var text = "a\0b\uD800c\u0007d😀";

        var clean = PlainText.SanitizeKeepingOffsets(text);

        Assert.Equal("a b\uFFFDc d😀", clean);
        Assert.Equal(text.Length, clean.Length);
    }
}
