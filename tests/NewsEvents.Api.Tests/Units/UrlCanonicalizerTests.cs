using NewsEvents.Core.Articles;

namespace NewsEvents.Api.Tests.Units;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("HTTPS://WWW.Example.COM/News/Story", "https://www.example.com/News/Story")]
    [InlineData("http://example.com:80/a", "http://example.com/a")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("https://example.com:8443/a", "https://example.com:8443/a")]
    [InlineData("http://example.com:443/a", "http://example.com:443/a")]
    [InlineData("https://example.com/a#section-2", "https://example.com/a")]
    [InlineData("https://example.com/a/", "https://example.com/a")]
    [InlineData("https://example.com/a//", "https://example.com/a")]
    [InlineData("https://example.com/", "https://example.com")]
    [InlineData("https://example.com", "https://example.com")]
    [InlineData("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2")]
    [InlineData("https://example.com/a?utm_source=rss&id=7&utm_medium=feed&UTM_Campaign=x", "https://example.com/a?id=7")]
    [InlineData("https://example.com/a?fbclid=1&gclid=2&msclkid=3&id=7&_ga=4&mc_cid=5", "https://example.com/a?id=7")]
    [InlineData("https://example.com/a?utm_source=rss", "https://example.com/a")]
    [InlineData("https://example.com/a?&&id=7&", "https://example.com/a?id=7")]
    [InlineData("https://example.com/a/?b=2&utm_term=t&a=1#top", "https://example.com/a?a=1&b=2")]
    public void Cosmetic_differences_disappear_from_the_canonical_form(string url, string expected) =>
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(url));

    [Fact]
    public void The_path_keeps_its_case_because_servers_may_treat_it_as_significant() =>
        Assert.NotEqual(UrlCanonicalizer.Canonicalize("https://example.com/Story"), UrlCanonicalizer.Canonicalize("https://example.com/story"));

    [Fact]
    public void Query_values_and_non_tracking_parameters_are_kept_apart()
    {
        Assert.NotEqual(UrlCanonicalizer.Canonicalize("https://example.com/a?id=1"), UrlCanonicalizer.Canonicalize("https://example.com/a?id=2"));
        Assert.NotEqual(UrlCanonicalizer.Canonicalize("https://example.com/a?page=2"), UrlCanonicalizer.Canonicalize("https://example.com/a"));
    }

    [Fact]
    public void Http_and_https_are_different_pages() =>
        Assert.NotEqual(UrlCanonicalizer.Canonicalize("http://example.com/a"), UrlCanonicalizer.Canonicalize("https://example.com/a"));

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:editor@example.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("//example.com/a")]
    [InlineData("example.com/a")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("")]
    [InlineData("http://")]
    [InlineData("https://example.com/a\0b")]
    [InlineData("https://example.com/a\nb")]
    [InlineData("https://example.com/a\u007Fb")]
    public void Anything_but_an_absolute_http_url_is_rejected(string url)
    {
        Assert.False(UrlCanonicalizer.IsWebUrl(url));
        Assert.Throws<ArgumentException>(() => UrlCanonicalizer.Canonicalize(url));
    }

    [Fact]
    public void A_url_with_a_lone_surrogate_is_rejected()
    {
        foreach (var url in new[] { "https://example.com/a\ud800b", "https://example.com/a\udc00", "https://example.com/\ud800" })
        {
            Assert.False(UrlCanonicalizer.IsWebUrl(url));
        }
        Assert.True(UrlCanonicalizer.IsWebUrl("https://example.com/\U0001F600")); // a valid pair is fine
    }

    [Theory]
    [InlineData("http://example.com/a")]
    [InlineData("https://sub.example.co.uk:8080/a/b?c=d#e")]
    public void Absolute_http_and_https_urls_are_accepted(string url) =>
        Assert.True(UrlCanonicalizer.IsWebUrl(url));

    [Fact]
    public void Canonicalizing_twice_changes_nothing()
    {
        var once = UrlCanonicalizer.Canonicalize("HTTPS://Example.com:443/a/b/?z=1&utm_source=x&a=2#frag");
        Assert.Equal(once, UrlCanonicalizer.Canonicalize(once));
    }
}
