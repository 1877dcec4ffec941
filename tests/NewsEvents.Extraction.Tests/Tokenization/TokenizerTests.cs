using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Tests.Tokenization;

public sealed class TokenizerTests
{
    private static string[] Texts(string text) => [.. Tokenizer.Tokenize(text).Select(t => t.GetText(text))];

    [Fact]
    public void Offsets_point_into_the_original_text()
    {
        const string text = "  North Korean leader Kim Jong-un’s train\treached Vladivostok.\n";

        var tokens = Tokenizer.Tokenize(text);

        Assert.Equal(["North", "Korean", "leader", "Kim", "Jong-un", "’s", "train", "reached", "Vladivostok", "."], tokens.Select(t => t.GetText(text)));
        Assert.Equal(2, tokens[0].Start);
        Assert.Equal(7, tokens[0].End);
        Assert.All(tokens, t => Assert.Equal(text.Substring(t.Start, t.Length), t.GetText(text)));
        Assert.True(tokens.Zip(tokens.Skip(1)).All(p => p.First.End <= p.Second.Start));
    }

    [Theory]
    [InlineData("Kim Jong-Un", new[] { "Kim", "Jong-Un" })]
    [InlineData("Russian-occupied territories", new[] { "Russian-occupied", "territories" })]
    [InlineData("the U.S. and the U.N.", new[] { "the", "U.S.", "and", "the", "U.N." })]
    [InlineData("Mr. Smith met Gen. Lee in Sept. 1996", new[] { "Mr.", "Smith", "met", "Gen.", "Lee", "in", "Sept.", "1996" })]
    [InlineData("Putin's plan", new[] { "Putin", "'s", "plan" })]
    [InlineData("They don't know", new[] { "They", "do", "n't", "know" })]
    [InlineData("O'Brien said", new[] { "O'Brien", "said" })]
    [InlineData("\"nothing to say\"", new[] { "\"", "nothing", "to", "say", "\"" })]
    [InlineData("“Putin is developing”", new[] { "“", "Putin", "is", "developing", "”" })]
    [InlineData("rose 1,250.75 points, or 3.5%", new[] { "rose", "1,250.75", "points", ",", "or", "3.5", "%" })]
    [InlineData("LONDON 1996-08-30", new[] { "LONDON", "1996-08-30" })]
    [InlineData("won 6-4 6-2.", new[] { "won", "6-4", "6-2", "." })]
    [InlineData("Wait...", new[] { "Wait", "..." })]
    public void Splits_news_text_the_CoNLL_way(string text, string[] expected)
    {
        Assert.Equal(expected, Texts(text));
    }

    [Fact]
    public void Addresses_are_one_token_without_trailing_punctuation()
    {
        var tokens = Tokenizer.Tokenize("See https://example.com/a?b=1&c=2. Or www.reuters.com, or mail desk@example.org.");

        Assert.Contains(tokens, t => t.Kind == TokenKind.Url);
        Assert.Equal(
            ["See", "https://example.com/a?b=1&c=2", ".", "Or", "www.reuters.com", ",", "or", "mail", "desk@example.org", "."],
            Texts("See https://example.com/a?b=1&c=2. Or www.reuters.com, or mail desk@example.org."));
    }

    [Fact]
    public void Emoji_and_other_scripts_are_tokens_with_valid_offsets()
    {
        const string text = "Putin 👍🏽 met 金正恩 and مرحبا بالعالم ‎שלום!";

        var tokens = Tokenizer.Tokenize(text);

        Assert.Contains("👍🏽", tokens.Select(t => t.GetText(text)));
        Assert.Contains("金正恩", tokens.Select(t => t.GetText(text)));
        Assert.Contains("مرحبا", tokens.Select(t => t.GetText(text)));
        Assert.All(tokens, t => Assert.InRange(t.End, t.Start + 1, text.Length));
    }

    [Fact]
    public void A_word_without_spaces_is_cut_into_bounded_tokens()
    {
        var text = new string('x', 1000);

        var tokens = Tokenizer.Tokenize(text);

        Assert.All(tokens, t => Assert.True(t.Length <= Tokenizer.MaxTokenLength));
        Assert.Equal(text.Length, tokens.Sum(t => t.Length));
    }

    [Fact]
    public void Empty_and_blank_text_have_no_tokens()
    {
        Assert.Empty(Tokenizer.Tokenize(""));
        Assert.Empty(Tokenizer.Tokenize(" \n\t\u200B\0 "));
    }
}
