using NewsEvents.Extraction.Text;

namespace NewsEvents.Extraction.Tests.Text;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Plain_text_keeps_its_words_and_paragraphs_with_whitespace_folded()
    {
        var text = "  First   line\twith tabs.\r\nSame paragraph.\n\n\n\n  Second paragraph.  ";

        Assert.Equal("First line with tabs.\nSame paragraph.\n\nSecond paragraph.", TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Markup_becomes_text_with_block_elements_as_paragraphs()
    {
        var html = "<div><h1>Title</h1><p>One <b>bold</b> <a href=\"https://x.test\">link</a>.</p><ul><li>a</li><li>b</li></ul></div>";

        Assert.Equal("Title\n\nOne bold link.\n\na\n\nb", TextNormalizer.Normalize(html));
    }

    [Fact]
    public void Scripts_styles_and_comments_are_dropped_entirely()
    {
        var html = "<p>Kept</p><script>alert('gone')</script><style>p{color:red}</style><!-- hidden --><p>Also kept</p>";

        Assert.Equal("Kept\n\nAlso kept", TextNormalizer.Normalize(html));
    }

    [Theory]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("It&#8217;s 5&nbsp;km", "It’s 5 km")]
    [InlineData("caf&#xE9;", "café")]
    public void Entities_are_decoded_in_text_without_markup(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Theory]
    [InlineData("if a < b and c > d then")]
    [InlineData("profits rose <5% in Q3")]
    [InlineData("x<y")]
    public void Angle_brackets_in_prose_are_not_mistaken_for_tags(string prose) =>
        Assert.Equal(prose, TextNormalizer.Normalize(prose));

    [Fact]
    public void Invisible_characters_are_removed_and_unicode_spaces_become_spaces()
    {
        var text = "Zapo\u00ADrizhzhia\u200B region\u00A0and\u2009Kyiv\uFEFF";

        Assert.Equal("Zaporizhzhia region and Kyiv", TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Text_is_composed_to_NFC_so_equal_words_are_equal_strings()
    {
        Assert.Equal("café", TextNormalizer.Normalize("cafe\u0301"));
    }

    [Fact]
    public void Normalizing_twice_changes_nothing_more()
    {
        var html = "<p>One&nbsp;two</p>\n\n<p>three   four</p>";
        var once = TextNormalizer.Normalize(html);

        Assert.Equal(once, TextNormalizer.Normalize(once));
    }
}
