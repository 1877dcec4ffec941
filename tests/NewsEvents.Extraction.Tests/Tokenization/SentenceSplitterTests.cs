using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Tests.Tokenization;

public sealed class SentenceSplitterTests
{
    private static string[] Sentences(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        return
        [
            .. SentenceSplitter.Split(text, tokens)
                .Select(s => text[tokens[s.TokenStart].Start..tokens[s.TokenEnd - 1].End]),
        ];
    }

    [Fact]
    public void Splits_at_sentence_punctuation()
    {
        Assert.Equal(
            ["Russia denied it.", "The Kremlin had nothing to say!", "Why?"],
            Sentences("Russia denied it. The Kremlin had nothing to say! Why?"));
    }

    [Fact]
    public void Titles_and_initials_do_not_end_a_sentence()
    {
        Assert.Equal(
            ["Mr. Sullivan met Dr. J. Smith and Gen. Milley on Sept. 5 in St. Louis."],
            Sentences("Mr. Sullivan met Dr. J. Smith and Gen. Milley on Sept. 5 in St. Louis."));
    }

    [Fact]
    public void An_abbreviation_ends_a_sentence_only_before_a_sentence_start()
    {
        Assert.Equal(
            ["The U.S. Army said it would move to the U.S.", "The plan was approved by U.S. officials."],
            Sentences("The U.S. Army said it would move to the U.S. The plan was approved by U.S. officials."));
    }

    [Fact]
    public void Closing_quotes_stay_with_their_sentence_and_a_lower_case_word_goes_on()
    {
        Assert.Equal(
            ["“They will pay for it,” Sullivan said.", "\"Is it?\" he asked."],
            Sentences("“They will pay for it,” Sullivan said. \"Is it?\" he asked."));
    }

    [Fact]
    public void A_spaced_straight_quote_closes_an_open_quote_and_otherwise_opens_the_next_sentence()
    {
        Assert.Equal(
            ["\" We will pay . \"", "\" Really ? \" he asked ."],
            Sentences("\" We will pay . \" \" Really ? \" he asked ."));
    }

    [Fact]
    public void Line_breaks_end_headlines_and_paragraphs()
    {
        Assert.Equal(
            ["N. Korea gives weapons to Russia, pays price: US", "LONDON 1996-08-30", "Kim will visit Russia."],
            Sentences("N. Korea gives weapons to Russia, pays price: US\n\nLONDON 1996-08-30\nKim will visit Russia."));
    }

    [Fact]
    public void Very_long_sentences_are_cut()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 1000));
        var tokens = Tokenizer.Tokenize(text);

        var sentences = SentenceSplitter.Split(text, tokens);

        Assert.All(sentences, s => Assert.True(s.TokenCount <= SentenceSplitter.MaxSentenceTokens));
        Assert.Equal(tokens.Count, sentences.Sum(s => s.TokenCount));
    }
}
