using NewsEvents.Extraction.Ner;
using NewsEvents.Extraction.Tokenization;

namespace NewsEvents.Extraction.Tests.Ner;

public sealed class NerTaggerTests
{
    private static readonly string SeedArticle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Resources", "seed-article.txt"));

    private static readonly IReadOnlyList<EntitySpan> SeedEntities = NerTagger.Default.Tag(SeedArticle);

    [Theory]
    [InlineData("Jake Sullivan")]
    [InlineData("Kim Jong-un")]
    [InlineData("Kim Jong-Un")]
    [InlineData("Vladimir Putin")]
    public void Finds_the_people_of_the_reference_article(string name)
    {
        Assert.Contains(SeedEntities, e => e.Type == EntityType.Person && e.Text == name);
    }

    [Theory]
    [InlineData("Kremlin")]
    [InlineData("Telegraph")]
    [InlineData("CBS")]
    public void Finds_the_organisations_of_the_reference_article(string name)
    {
        Assert.Contains(SeedEntities, e => e.Type == EntityType.Organization && e.Text.EndsWith(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("North Korea")]
    [InlineData("Russia")]
    [InlineData("Vladivostok")]
    [InlineData("Ukraine")]
    public void Finds_the_places_of_the_reference_article(string name)
    {
        Assert.Contains(SeedEntities, e => e.Type == EntityType.Location && e.Text == name);
    }

    [Fact]
    public void Short_forms_of_people_are_people_too()
    {
        Assert.Contains(SeedEntities, e => e.Type == EntityType.Person && e.Text == "Sullivan");
        Assert.Contains(SeedEntities, e => e.Type == EntityType.Person && e.Text == "Putin");
    }

    [Fact]
    public void Nationalities_are_misc_and_never_places()
    {
        Assert.Contains(SeedEntities, e => e.Type == EntityType.Misc && e.Text == "Ukrainian");
        Assert.DoesNotContain(SeedEntities, e => e.Text is "Ukrainian" or "British" && e.Type != EntityType.Misc);
    }

    [Fact]
    public void Spans_are_offsets_into_the_text_in_order()
    {
        Assert.All(SeedEntities, e => Assert.Equal(SeedArticle[e.Start..e.End], e.Text));
        Assert.True(SeedEntities.Zip(SeedEntities.Skip(1)).All(p => p.First.End <= p.Second.Start));
    }

    [Fact]
    public void An_upper_case_headline_is_read_with_the_body()
    {
        const string text = "LEICESTERSHIRE BEAT SOMERSET AT GRACE ROAD\n\nLeicestershire beat Somerset by an innings at Grace Road on Friday, said captain James Whitaker.";

        var entities = NerTagger.Default.Tag(text);

        Assert.Contains(entities, e => e.Text == "James Whitaker" && e.Type == EntityType.Person);
        var body = entities.Where(e => e.Start > text.IndexOf('\n', StringComparison.Ordinal)).ToList();
        var headline = entities.Where(e => e.End < text.IndexOf('\n', StringComparison.Ordinal)).ToList();
        Assert.Contains(headline, e => e.Text == "SOMERSET");
        // The headline's names get the type the same names have in the body.
        Assert.All(headline, h => Assert.Contains(body, b => string.Equals(b.Text, h.Text, StringComparison.OrdinalIgnoreCase) && b.Type == h.Type));
    }

    [Fact]
    public void Lone_names_and_untagged_names_in_results_lines_are_teams()
    {
        const string text = "Results of Korean baseball games on Thursday.\n\nLotte 6 Hyundai 2\n\nStandings after Saturday:\n\n"
            + "Stoke 4 3 1 0 7 4 10\n\nTranmere 4 2 1 1 6 4 7\n\nItaly 3 2 1 0 5 2 7\n";

        var entities = NerTagger.Default.Tag(text);

        Assert.Contains(entities, e => e.Text == "Lotte" && e.Type == EntityType.Organization);
        Assert.Contains(entities, e => e.Text == "Hyundai" && e.Type == EntityType.Organization);
        Assert.Contains(entities, e => e.Text == "Stoke" && e.Type == EntityType.Organization);
        Assert.Contains(entities, e => e.Text == "Tranmere" && e.Type == EntityType.Organization);
        // A country's team keeps the country's type.
        Assert.Contains(entities, e => e.Text == "Italy" && e.Type == EntityType.Location);
    }

    [Fact]
    public void Lines_of_company_results_have_no_teams()
    {
        const string text = "Qtr to March 31\n\nShr 35 cts vs 40 cts\n\nNet 1,234,000 vs 1,456,000\n\nRevs 12.3 mln vs 11.2 mln\n";

        Assert.Empty(NerTagger.Default.Tag(text));
    }

    [Fact]
    public void A_surname_the_document_gave_a_person_stays_a_person_in_a_results_line()
    {
        const string text = "Greg Norman led the field on Thursday.\n\nLeading scores:\n\nNorman 68 70\n";

        var entities = NerTagger.Default.Tag(text);

        Assert.Contains(entities, e => e.Text == "Norman" && e.Type == EntityType.Person);
    }

    [Fact]
    public void Tagging_from_many_threads_gives_the_same_answer()
    {
        var results = new IReadOnlyList<EntitySpan>[16];

        Parallel.For(0, results.Length, i => results[i] = NerTagger.Default.Tag(SeedArticle));

        Assert.All(results, r => Assert.Equal(SeedEntities, r));
    }

    [Fact]
    public void Tagging_pre_tokenised_text_gives_the_same_spans()
    {
        var tokens = Tokenizer.Tokenize(SeedArticle);

        var entities = NerTagger.Default.Tag(SeedArticle, tokens, SentenceSplitter.Split(SeedArticle, tokens));

        Assert.Equal(SeedEntities, entities);
    }

    [Fact]
    public void Text_without_names_has_no_entities()
    {
        Assert.Empty(NerTagger.Default.Tag("the price of grain rose by three percent on the day."));
    }
}
