using NewsEvents.Extraction.Pipeline;

namespace NewsEvents.Extraction.Tests.Quotes;

public sealed class DirectQuoteTests
{
    private static readonly (string, EntityType) Sullivan = ("Jake Sullivan|Sullivan", EntityType.Person);
    private static readonly (string, EntityType) Kremlin = ("Kremlin", EntityType.Organization);

    [Theory]
    [InlineData("\"We will respond,\" Sullivan said.")]
    [InlineData("“We will respond,” Sullivan said.")]
    [InlineData("‘We will respond,’ Sullivan said.")]
    [InlineData("'We will respond,' Sullivan said.")]
    [InlineData("«We will respond», Sullivan said.")]
    [InlineData("„We will respond“, Sullivan said.")]
    public void Quotes_in_any_marks_are_attributed_to_the_speaker_after_them(string text)
    {
        var run = QuoteRun.Of(text, Sullivan);

        var quote = Assert.Single(run.Quotes);
        Assert.Equal("We will respond", quote.Text);
        Assert.Equal("We will respond", text[quote.Span.Start..quote.Span.End]);
        Assert.Equal("Jake Sullivan", run.SpeakerOf("We will"));
        Assert.Equal("said", quote.Cue);
        Assert.True(quote.IsDirect);
    }

    [Theory]
    [InlineData("Sullivan said: \"We will respond.\"", "said")]
    [InlineData("Sullivan told CBS: “We will respond.”", "told")]
    [InlineData("Sullivan added that “we will respond”.", "added that")]
    [InlineData("“We will respond,” said Jake Sullivan.", "said")]
    [InlineData("“We will respond,” said US National Security Advisor Jake Sullivan.", "said")]
    [InlineData("“We will respond,” Sullivan, the national security adviser, said.", "said")]
    [InlineData("“We will respond,” according to Sullivan.", "according to")]
    [InlineData("According to Sullivan, “we will respond”.", "according to")]
    [InlineData("Sullivan: “We will respond.”", ":")]
    public void The_speaker_is_found_before_or_after_the_quote(string text, string cue)
    {
        var run = QuoteRun.Of(text, Sullivan);

        var quote = Assert.Single(run.Quotes, q => q.IsDirect);
        Assert.Equal("Jake Sullivan", run.SpeakerOf(quote.Text));
        Assert.Equal(cue, quote.Cue);
        Assert.Equal(quote.Text, text[quote.Span.Start..quote.Span.End]);
    }

    [Fact]
    public void A_quote_over_several_sentences_is_one_quote()
    {
        const string text = "“We will respond. They will pay for it. Nobody should doubt it,” Sullivan said.";

        var run = QuoteRun.Of(text, Sullivan);

        var quote = Assert.Single(run.Quotes);
        Assert.Equal("We will respond. They will pay for it. Nobody should doubt it", quote.Text);
        Assert.Equal("Jake Sullivan", run.SpeakerOf("We will"));
    }

    [Fact]
    public void A_quote_reopened_in_the_next_paragraph_continues()
    {
        const string text = "Jake Sullivan spoke on Sunday. “We will respond to any transfer of weapons.\n\n"
            + "“They will pay for it in the international community,” he said.";

        var run = QuoteRun.Of(text, Sullivan);

        var quote = Assert.Single(run.Quotes, q => q.IsDirect);
        Assert.StartsWith("We will respond", quote.Text, StringComparison.Ordinal);
        Assert.EndsWith("international community", quote.Text, StringComparison.Ordinal);
        Assert.Equal(quote.Text, text[quote.Span.Start..quote.Span.End]);
        Assert.Equal("Jake Sullivan", run.SpeakerOf("We will"));
    }

    [Fact]
    public void A_quote_never_closed_is_not_a_quote()
    {
        const string text = "Sullivan said: “We will respond to any transfer.\n\nThe Kremlin declined to comment.";

        var run = QuoteRun.Of(text, Sullivan, Kremlin);

        Assert.DoesNotContain(run.Quotes, q => q.IsDirect);
    }

    [Fact]
    public void A_quote_with_no_verb_of_its_own_continues_the_speaker_before_it()
    {
        const string text = "“We will respond,” Sullivan said. “They will pay for it in the international community.”";

        var run = QuoteRun.Of(text, Sullivan);

        Assert.Equal("Jake Sullivan", run.SpeakerOf("They will pay"));
    }

    [Fact]
    public void Pronouns_find_the_nearest_compatible_entity()
    {
        const string text = "Hillary Clinton met Jake Sullivan in Washington on Monday. “We will respond,” she said. "
            + "“Nobody should doubt it,” he added. The Kremlin was asked about the talks. “We have nothing to add,” it said.";

        var run = QuoteRun.Of(text, ("Hillary Clinton|Clinton", EntityType.Person), Sullivan, Kremlin);

        Assert.Equal("Hillary Clinton", run.SpeakerOf("We will"));
        Assert.Equal("Jake Sullivan", run.SpeakerOf("Nobody should"));
        Assert.Equal("Kremlin", run.SpeakerOf("We have nothing"));
    }

    [Fact]
    public void Names_inside_the_quote_are_not_the_speaker()
    {
        const string text = "Jake Sullivan spoke in Washington. “I told Vladimir Putin that we will respond,” he said.";

        var run = QuoteRun.Of(text, Sullivan, ("Vladimir Putin|Putin", EntityType.Person));

        Assert.Equal("Jake Sullivan", run.SpeakerOf("I told"));
    }

    [Fact]
    public void An_organisation_speaks_through_its_pronoun()
    {
        const string text = "The Kremlin refused to comment on the allegations, emphasizing that it had “nothing to say” about the talks.";

        var run = QuoteRun.Of(text, Kremlin);

        var quote = run.Quote("nothing to say");
        Assert.Equal("Kremlin", run.SpeakerOf("nothing to say"));
        Assert.Equal("emphasizing that", quote.Cue);
    }

    [Fact]
    public void A_spokesman_speaks_for_his_organisation()
    {
        const string text = "“We have nothing to add,” a Kremlin spokesman said. “The talks are private,” said a spokesman for the Kremlin.";

        var run = QuoteRun.Of(text, Kremlin);

        Assert.Equal("Kremlin", run.SpeakerOf("We have nothing"));
        Assert.Equal("Kremlin", run.SpeakerOf("The talks"));
    }

    [Fact]
    public void The_official_is_whoever_the_article_described_so_or_nobody()
    {
        const string named = "Jake Sullivan, a senior official, spoke in Washington. “We will respond in kind,” the official said.";
        const string unnamed = "An official from the administration spoke to CBS. “We will respond in kind,” the official said.";

        Assert.Equal("Jake Sullivan", QuoteRun.Of(named, Sullivan).SpeakerOf("We will"));
        var quote = QuoteRun.Of(unnamed, Sullivan).Quote("We will");
        Assert.Null(quote.Speaker);
        Assert.Equal("said", quote.Cue);
    }

    [Fact]
    public void A_newspaper_speaks_through_its_headline_and_its_story()
    {
        const string text = "The British newspaper The Telegraph used the title \"Putin is developing a new plan for victory\".\n\n"
            + "\"As US intelligence has revealed, the meeting is a warning of greater dangers,\" the news highlighted.";

        var run = QuoteRun.Of(text, ("The Telegraph|Telegraph", EntityType.Organization), ("Putin", EntityType.Person));

        Assert.Equal("The Telegraph", run.SpeakerOf("Putin is developing"));
        Assert.Equal("title", run.Quote("Putin is developing").Cue);
        Assert.Equal("The Telegraph", run.SpeakerOf("As US intelligence"));
        Assert.Equal("highlighted", run.Quote("As US intelligence").Cue);
    }

    [Theory]
    [InlineData("A tired coach, Jake Sullivan, simply observed: \"There were two halves to the game.\"")]
    [InlineData("The critic Jake Sullivan, who said the band was \"spiky but in love with pop\", left early.")]
    [InlineData("The album was described by Jake Sullivan as \"an unheard of achievement for a debut\".")]
    [InlineData("Jake Sullivan said the band were \"pretty clothes horses\" with \"a nimble ear for concise pop\".")]
    public void Appositions_relative_clauses_passives_and_runs_of_quotes_keep_their_speaker(string text)
    {
        var run = QuoteRun.Of(text, Sullivan);

        Assert.NotEmpty(run.Quotes);
        Assert.All(run.Quotes, q => Assert.Equal("Jake Sullivan", run.SpeakerOf(q.Text)));
    }

    [Fact]
    public void An_attribution_that_introduces_the_next_quote_is_not_the_one_before_it()
    {
        const string text = "Reminded that Vladimir Putin called him \"a disgrace\", Sullivan added: \"I do not respond to anything.\"";

        var run = QuoteRun.Of(text, Sullivan, ("Vladimir Putin|Putin", EntityType.Person));

        Assert.Equal("Vladimir Putin", run.SpeakerOf("a disgrace"));
        Assert.Equal("Jake Sullivan", run.SpeakerOf("I do not"));
    }

    [Fact]
    public void Quoted_as_saying_names_the_speaker_and_a_participle_continues_the_quote_before()
    {
        const string text = "“We have no relations with him,” Sullivan is quoted as saying. "
            + "In a statement, Sullivan said the plan was a “very key issue”, saying: “We will not accept it under any terms.”";

        var run = QuoteRun.Of(text, Sullivan);

        Assert.Equal("Jake Sullivan", run.SpeakerOf("We have no"));
        Assert.Equal("Jake Sullivan", run.SpeakerOf("We will not"));
    }

    [Fact]
    public void A_role_no_sentence_gave_anyone_is_the_person_the_story_is_about()
    {
        const string text = "Jake Sullivan has backed the plan amid opposition claims he was too bullish.\n\n"
            + "In a speech, the national security adviser said the plan was “the best we have had in years”.";

        var run = QuoteRun.Of(text, Sullivan);

        Assert.Equal("Jake Sullivan", run.SpeakerOf("the best we"));
    }

    [Fact]
    public void A_name_before_its_title_speaks()
    {
        const string text = "“We are checking which courts could hear the case,” Jake Sullivan, a Kremlin spokesman told the BBC. "
            + "The Lord Chancellor, Lord Falconer, agreed but added that “its effects are limited in practice”.";

        var run = QuoteRun.Of(text, Sullivan, Kremlin, ("Lord Falconer", EntityType.Person));

        Assert.Equal("Jake Sullivan", run.SpeakerOf("We are checking"));
        Assert.Equal("Lord Falconer", run.SpeakerOf("its effects"));
    }

    [Fact]
    public void The_police_are_not_the_last_organisation_named()
    {
        const string text = "The Kremlin backed the plan as the police said “they would help fight crime in the city”.";

        var run = QuoteRun.Of(text, Kremlin);

        Assert.Null(run.Quote("they would help").Speaker);
    }

    [Fact]
    public void A_company_spokesman_and_its_report_speak_for_the_company()
    {
        const string text = "Acme Corp said profits rose. \"We expect more growth next year,\" a company spokesman said. "
            + "\"Costs will fall as we close two plants,\" says its report.";

        var run = QuoteRun.Of(text, ("Acme Corp", EntityType.Organization));

        Assert.Equal("Acme Corp", run.SpeakerOf("We expect"));
        Assert.Equal("Acme Corp", run.SpeakerOf("Costs will"));
    }

    [Theory]
    [InlineData("Critics called the plan a \"disaster\" in the debate.")]
    [InlineData("The so-called \"peace plan\" was never published.")]
    [InlineData("He starred in \"The Lord of the Rings\" before the war.")]
    [InlineData("The army's 'successes' were hard to see.")]
    public void Scare_quotes_and_titles_without_a_speaker_are_not_quotes(string text)
    {
        var run = QuoteRun.Of(text);

        Assert.Empty(run.Quotes);
    }

    [Fact]
    public void A_sentence_in_quotes_with_no_speaker_is_kept_without_one()
    {
        const string text = "Kyiv's attacks were interpreted as \"Russia could not achieve the desired success\".";

        var run = QuoteRun.Of(text, ("Kyiv", EntityType.Location), ("Russia", EntityType.Location));

        var quote = Assert.Single(run.Quotes);
        Assert.Null(quote.Speaker);
        Assert.Null(quote.Cue);
    }

    [Theory]
    [InlineData("Putin's plan, don't forget, isn't the players' idea.")]
    [InlineData("It was the '90s and rock 'n' roll was back.")]
    public void Apostrophes_are_not_quotes(string text)
    {
        Assert.Empty(QuoteRun.Of(text).Quotes);
    }

    [Fact]
    public void Quotes_in_the_title_count_only_when_attributed()
    {
        var run = QuoteRun.Of("Sullivan: 'We will respond to Russia' | Plan 'to fail soon enough'", "Body.", Sullivan);

        var quote = Assert.Single(run.Quotes);
        Assert.Equal(TextField.Title, quote.Span.Field);
        Assert.Equal("We will respond to Russia", quote.Text);
        Assert.Equal("Jake Sullivan", run.SpeakerOf("We will"));
    }
}
