using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Pipeline;
using NewsEvents.Extraction.Sentiment;
using NewsEvents.Extraction.Tokenization;
using EntityType = NewsEvents.Extraction.Ner.EntityType;

namespace NewsEvents.Extraction.Tests.Sentiment;

public sealed class ToneScorerTests
{
    [Fact]
    public void Loads_the_whole_afinn_165_list()
    {
        Assert.Equal(3382, ToneScorer.Default.EntryCount);
    }

    [Theory]
    [InlineData("The talks were a great success and both leaders praised the excellent cooperation.")]
    [InlineData("Aid workers welcomed the generous donation, calling it a wonderful gift of hope.")]
    public void Clearly_positive_sentences_have_a_positive_tone(string sentence)
    {
        Assert.True(ToneScorer.Default.Tone(sentence) > 0, sentence);
    }

    [Theory]
    [InlineData("The attack killed dozens of people and destroyed homes in a terrible disaster.")]
    [InlineData("Officials condemned the brutal violence, warning of war and more deaths.")]
    public void Clearly_negative_sentences_have_a_negative_tone(string sentence)
    {
        Assert.True(ToneScorer.Default.Tone(sentence) < 0, sentence);
    }

    [Fact]
    public void A_negator_turns_the_next_words_round()
    {
        Assert.True(ToneScorer.Default.Tone("The meeting was good.") > 0);
        Assert.True(ToneScorer.Default.Tone("The meeting was not good.") < 0);
        Assert.True(ToneScorer.Default.Tone("The meeting wasn't good.") < 0);
        Assert.True(ToneScorer.Default.Tone("The war was never a success.") < 0);
        // Punctuation ends the reach of a negation.
        Assert.True(ToneScorer.Default.Tone("No, the meeting was good.") >= 0);
    }

    [Fact]
    public void Tone_is_the_share_of_positive_minus_negative_words_times_100()
    {
        // "good" +3 and "bad" -3 in eight words: (1 - 1) / 8; "great" alone in four words: 1 / 4.
        Assert.Equal(0, ToneScorer.Default.Tone("It was good and it was bad."));
        Assert.Equal(25, ToneScorer.Default.Tone("It was truly great"));
        Assert.Equal(0, ToneScorer.Default.Tone(""));
        Assert.Equal(0, ToneScorer.Default.Tone("!!! ... 123"));
    }

    [Fact]
    public void Words_inside_names_carry_no_valence()
    {
        const string text = "Hope Solo met Great Britain officials.";
        var tokens = Tokenizer.Tokenize(text);
        EntitySpan[] names = [new(0, 9, "Hope Solo", EntityType.Person), new(14, 27, "Great Britain", EntityType.Location)];

        var counts = ToneScorer.Default.Count(text, tokens, 0, tokens.Count, names);

        Assert.Equal(new ToneCounts(6, 0, 0), counts);
        Assert.True(ToneScorer.Default.Tone(text) > 0); // without the names, "hope" and "great" count
    }

    [Fact]
    public void Article_tone_counts_title_and_body()
    {
        var result = ArticleExtractor.Default.Extract("A terrible war", "The brutal attack killed many people.", null);

        Assert.True(result.Tone < 0);
        Assert.InRange(result.Tone, -100, 100);
    }
}
