using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NewsEvents.Extraction.Text;

/// <summary>
/// Near-duplicate detection by MinHash (Broder, 1997) over word 4-grams, with locality-sensitive band keys for look-up.
/// The share of equal signature values estimates the Jaccard similarity of two texts' 4-gram sets; a syndicated copy
/// with its own headline, byline or footer keeps nearly all of them, another story on the same subject shares few.
/// Band keys: two texts of similarity s share at least one of <see cref="Bands"/> keys with probability
/// 1 - (1 - s^4)^16 (over 0.99 at s = 0.8, about 0.12 at s = 0.3), so an index over the keys finds the candidates.
/// </summary>
public static class MinHash
{
    /// <summary>Values in a signature.</summary>
    public const int Size = 64;

    /// <summary>Band keys per signature (<see cref="Size"/> values, four to a band).</summary>
    public const int Bands = Size / RowsPerBand;

    /// <summary>Lowest estimated similarity at which a text counts as a copy of another.</summary>
    public const double NearDuplicateSimilarity = 0.8;

    /// <summary>Fewest words a text needs to be judged: short texts share 4-grams by chance.</summary>
    public const int MinimumWords = 40;

    private const int ShingleWords = 4;
    private const int RowsPerBand = 4;
    private const int MaxWordLength = 64;

    /// <summary>The signature of the text's words (case and punctuation ignored), or null for a text too short to judge.</summary>
    public static int[]? Signature(string text)
    {
        var minimums = new ulong[Size];
        Array.Fill(minimums, ulong.MaxValue);
        Span<ulong> window = stackalloc ulong[ShingleWords];
        Span<byte> shingle = stackalloc byte[ShingleWords * sizeof(ulong)];
        Span<char> word = stackalloc char[MaxWordLength];
        var words = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }
            var length = 0;
            for (; i < text.Length && char.IsLetterOrDigit(text[i]); i++)
            {
                // Longer words are told apart by their first 64 characters, which is plenty.
                if (length < MaxWordLength)
                {
                    word[length++] = char.ToLowerInvariant(text[i]);
                }
            }
            window[words % ShingleWords] = XxHash64.HashToUInt64(MemoryMarshal.AsBytes(word[..length]));
            words++;
            if (words < ShingleWords)
            {
                continue;
            }
            for (var k = 0; k < ShingleWords; k++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(shingle[(k * sizeof(ulong))..], window[(words + k) % ShingleWords]);
            }
            var hash = XxHash64.HashToUInt64(shingle);
            for (var h = 0; h < Size; h++)
            {
                var value = Mix(hash + (ulong)(h + 1) * 0x9E3779B97F4A7C15UL);
                if (value < minimums[h])
                {
                    minimums[h] = value;
                }
            }
        }
        if (words < MinimumWords)
        {
            return null;
        }
        var signature = new int[Size];
        for (var h = 0; h < Size; h++)
        {
            signature[h] = (int)(minimums[h] >> 32);
        }
        return signature;
    }

    /// <summary>One key per band of four values, the band's position mixed in so equal values in different bands differ.</summary>
    public static long[] BandKeys(int[] signature)
    {
        var keys = new long[Bands];
        Span<byte> band = stackalloc byte[sizeof(int) * (RowsPerBand + 1)];
        for (var b = 0; b < Bands; b++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(band, b);
            for (var r = 0; r < RowsPerBand; r++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(band[(sizeof(int) * (r + 1))..], signature[b * RowsPerBand + r]);
            }
            keys[b] = (long)XxHash64.HashToUInt64(band);
        }
        return keys;
    }

    /// <summary>The estimated Jaccard similarity of the texts behind two signatures: the share of equal values.</summary>
    public static double Similarity(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var equal = 0;
        for (var h = 0; h < Size; h++)
        {
            equal += a[h] == b[h] ? 1 : 0;
        }
        return (double)equal / Size;
    }

    /// <summary>SplitMix64's finaliser: turns one shingle hash into independent-looking values, one per signature slot.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
