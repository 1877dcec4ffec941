using System.Buffers.Text;
using System.Text;
using NewsEvents.Core.Search;

namespace NewsEvents.Api.Tests.Units;

public sealed class ArticleCursorTests
{
    private static readonly DateTimeOffset At = new(2024, 3, 5, 14, 30, 15, 123, 456, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0195a0c4-7d2e-7b3c-9f10-5a6b7c8d9e0f");

    public static TheoryData<float> Ranks => new(0f, 0.1f, 1f / 3f, 0.0607927f, float.Epsilon, 1e-30f, 123456.79f, float.MaxValue);

    [Theory]
    [MemberData(nameof(Ranks))]
    public void A_relevance_cursor_round_trips_with_the_exact_float_rank(float rank)
    {
        var cursor = new ArticleCursor(ArticleSort.Relevance, rank, At, Id);

        var decoded = ArticleCursor.TryDecode(cursor.Encode());

        Assert.NotNull(decoded);
        Assert.Equal(cursor, decoded);
        // Bit-for-bit: the keyset compares ranks with '<', so a rank off by one ulp would repeat or skip a hit.
        Assert.Equal(BitConverter.SingleToInt32Bits(rank), BitConverter.SingleToInt32Bits(decoded.Rank!.Value));
    }

    [Fact]
    public void A_newest_cursor_round_trips_without_a_rank()
    {
        var cursor = new ArticleCursor(ArticleSort.Newest, null, At, Id);

        var decoded = ArticleCursor.TryDecode(cursor.Encode());

        Assert.Equal(cursor, decoded);
        Assert.Null(decoded!.Rank);
    }

    [Fact]
    public void The_time_round_trips_to_the_tick_and_comes_back_in_utc()
    {
        var local = new DateTimeOffset(2024, 3, 5, 16, 30, 15, TimeSpan.FromHours(2)).AddTicks(7);

        var decoded = ArticleCursor.TryDecode(new ArticleCursor(ArticleSort.Newest, null, local, Id).Encode())!;

        Assert.Equal(local.UtcTicks, decoded.At.UtcTicks);
        Assert.Equal(TimeSpan.Zero, decoded.At.Offset);
    }

    [Fact]
    public void The_token_is_url_safe()
    {
        var token = new ArticleCursor(ArticleSort.Relevance, 1f / 3f, At, Guid.NewGuid()).Encode();
        Assert.Equal(Uri.EscapeDataString(token), token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("!!!!")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData("%00")]
    public void Garbage_is_not_a_cursor(string token) => Assert.Null(ArticleCursor.TryDecode(token));

    [Fact]
    public void An_overlong_token_is_not_a_cursor() =>
        Assert.Null(ArticleCursor.TryDecode(Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"1||{At.UtcTicks}|{Id:N}" + new string('0', 200)))));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(20)]
    public void A_truncated_token_is_not_a_cursor(int removed)
    {
        var token = new ArticleCursor(ArticleSort.Relevance, 0.25f, At, Id).Encode();
        Assert.Null(ArticleCursor.TryDecode(token[..^removed]));
    }

    [Theory]
    [InlineData("0|0.5|{ticks}|{id}", true)] // as Encode writes it: the control for the rows below
    [InlineData("1||{ticks}|{id}", true)]
    [InlineData("0||{ticks}|{id}", false)] // relevance without a rank
    [InlineData("1|0.5|{ticks}|{id}", false)] // newest with a rank
    [InlineData("0|NaN|{ticks}|{id}", false)]
    [InlineData("0|Infinity|{ticks}|{id}", false)]
    [InlineData("0|1e39|{ticks}|{id}", false)] // overflows float
    [InlineData("0|abc|{ticks}|{id}", false)]
    [InlineData("7|0.5|{ticks}|{id}", false)] // no such sort
    [InlineData("-1|0.5|{ticks}|{id}", false)]
    [InlineData(" 0|0.5|{ticks}|{id}", false)]
    [InlineData("0|0.5|-{ticks}|{id}", false)]
    [InlineData("0|0.5|99999999999999999999|{id}", false)] // beyond DateTimeOffset
    [InlineData("0|0.5|3155378976000000001|{id}", false)]
    [InlineData("0|0.5|{ticks}|not-a-guid", false)]
    [InlineData("0|0.5|{ticks}|{dashed}", false)] // only the N format is issued
    [InlineData("0|0.5|{ticks}", false)]
    [InlineData("0|0.5|{ticks}|{id}|extra", false)]
    [InlineData("0|0.5|{ticks}|{id}|", false)]
    [InlineData("{id}", false)]
    public void An_edited_token_is_not_a_cursor(string content, bool valid)
    {
        var text = content.Replace("{ticks}", At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{id}", Id.ToString("N"), StringComparison.Ordinal)
            .Replace("{dashed}", Id.ToString("D"), StringComparison.Ordinal);

        var decoded = ArticleCursor.TryDecode(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(valid, decoded is not null);
    }

    [Fact]
    public void A_token_with_a_flipped_character_is_not_the_same_cursor()
    {
        var cursor = new ArticleCursor(ArticleSort.Relevance, 0.25f, At, Id);
        var token = cursor.Encode();
        foreach (var position in Enumerable.Range(0, token.Length))
        {
            var edited = token[..position] + (token[position] == 'A' ? 'B' : 'A') + token[(position + 1)..];
            // An unsigned token can be edited into another well-formed cursor; it must never decode to the original.
            Assert.NotEqual(cursor, ArticleCursor.TryDecode(edited));
        }
    }
}
