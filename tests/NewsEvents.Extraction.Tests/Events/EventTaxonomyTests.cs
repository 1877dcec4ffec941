using NewsEvents.Extraction.Events;

namespace NewsEvents.Extraction.Tests.Events;

public sealed class EventTaxonomyTests
{
    private const string BeginMarker = "<!-- cues:begin (generated from Data/Events/event-cues.tsv; see EventTaxonomyTests) -->";
    private const string EndMarker = "<!-- cues:end -->";

    [Fact]
    public void Has_the_twenty_CAMEO_roots_and_sub_types_under_them()
    {
        Assert.Equal(20, EventTaxonomy.Roots.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)), EventTaxonomy.Roots.Select(root => root.Code));
        Assert.All(EventTaxonomy.SubTypes, type => Assert.StartsWith(EventTaxonomy.RootOf(type).Code, type.Code, StringComparison.Ordinal));
        Assert.Equal(EventTaxonomy.All.Count, EventTaxonomy.All.Select(type => type.Code).Distinct().Count());
    }

    [Fact]
    public void Every_root_has_cues_and_every_sub_type_is_used()
    {
        var lexicon = EventCueLexicon.Default;

        Assert.All(EventTaxonomy.Roots, root => Assert.Contains(lexicon.Rules, rule => rule.Type.Code.StartsWith(root.Code, StringComparison.Ordinal)));
        Assert.All(EventTaxonomy.SubTypes, type => Assert.Contains(lexicon.Rules, rule => rule.Type == type));
    }

    [Fact]
    public void Lexicon_rows_are_checked_when_read()
    {
        Assert.Throws<FormatException>(() => EventCueLexicon.Parse(["999\tverb\tattack"]));
        Assert.Throws<FormatException>(() => EventCueLexicon.Parse(["190\tadverb\tattack"]));
        Assert.Throws<FormatException>(() => EventCueLexicon.Parse(["190\tverb\tattack\tNOCLASS"]));
        Assert.Single(EventCueLexicon.Parse(["@MIL\tweapons", "072\tverb\tsupply\tMIL\ttarget"]).Rules);
    }

    /// <summary>
    /// docs/event-taxonomy.md lists the cues as the lexicon has them. After changing the lexicon, run the tests with
    /// UPDATE_DOCS=1 to rewrite that section, and read the diff.
    /// </summary>
    [Fact]
    public void The_taxonomy_document_lists_every_cue()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "event-taxonomy.md");
        var document = File.ReadAllText(path);
        var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} needs the markers {BeginMarker} and {EndMarker}");

        var expected = "\n\n" + EventCueLexicon.Default.DescribeMarkdown();
        var actual = document[(begin + BeginMarker.Length)..end];
        if (actual != expected && Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, document[..(begin + BeginMarker.Length)] + expected + document[end..]);
            return;
        }
        Assert.True(actual == expected, "docs/event-taxonomy.md is out of date: run the tests with UPDATE_DOCS=1 and commit the result.");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NewsEvents.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (NewsEvents.sln) above " + AppContext.BaseDirectory);
    }
}
