using System.IO.Compression;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace NewsEvents.Extraction.Ner;

/// <summary>
/// The trained weights of the averaged perceptron: one weight per (feature hash, tag), the tag-transition scores and
/// the casing lexicon. Features are found by a 44-bit hash in an open-addressing table whose 32-byte slots hold the key
/// and the feature's nine 16-bit weights together (one cache line per look-up), behind a bit map of the keys that
/// turns away most features the model does not know without touching the table. The file stores the sorted hashes
/// delta-encoded and the weights quantised to 16 bits, gzip-compressed.
/// </summary>
public sealed class NerModel
{
    /// <summary>Bumped whenever features, hashing or the file layout change: an older file is then refused.</summary>
    public const int FormatVersion = 2;

    /// <summary>The weights a model can hold (the slot packs a 20-bit row index beside the 44-bit key).</summary>
    public const int MaxFeatures = (1 << RowBits) - 1;

    private const int RowBits = 20;
    private const int KeyBits = 64 - RowBits;
    private const ulong KeyMask = (1UL << KeyBits) - 1;
    private const ulong RowMask = (1UL << RowBits) - 1;
    private static readonly byte[] Magic = "NEVNER"u8.ToArray();

    private const int CacheLine = 64;
    private const int SlotWords = 4;

    /// <summary>The slots, four 64-bit words each, from <see cref="_firstSlot"/> (the first word on a cache-line boundary).</summary>
    private readonly ulong[] _slots;
    private readonly int _firstSlot;
    private readonly int _slotMask;
    private readonly ulong[] _present;
    private readonly int _presentShift;
    private readonly short[] _quantised;

    internal NerModel(ulong[] keys, float[] weights, float[] transitions, CasingLexicon casing, NameWords nameWords)
    {
        if (keys.Length > MaxFeatures || weights.Length != keys.Length * BioTags.Count || transitions.Length != (BioTags.Count + 1) * BioTags.Count)
        {
            throw new ArgumentException("Inconsistent model dimensions.");
        }
        var max = 0f;
        foreach (var w in weights)
        {
            max = Math.Max(max, Math.Abs(w));
        }
        WeightScale = max > 0 ? max / short.MaxValue : 1f;
        _quantised = new short[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            _quantised[i] = (short)Math.Round(weights[i] / WeightScale);
        }
        Transitions = transitions;
        Casing = casing;
        NameWords = nameWords;
        Keys = keys;

        // Linear probing at a load of at most 0.7. The slots start on a cache-line boundary, so that a slot never
        // straddles two lines: the array is pinned (it lives as long as the model) to know its address.
        var capacity = 16;
        while (capacity * 7 < keys.Length * 10)
        {
            capacity <<= 1;
        }
        _slots = GC.AllocateArray<ulong>((capacity + 2) * SlotWords, pinned: true);
        var handle = GCHandle.Alloc(_slots, GCHandleType.Pinned);
        var misalignment = (int)(handle.AddrOfPinnedObject() % CacheLine);
        handle.Free();
        _firstSlot = (CacheLine - misalignment) % CacheLine / sizeof(ulong);
        _slotMask = capacity - 1;

        // About eight bits of the map per key: a key the model lacks finds its bit clear nine times in ten.
        var bits = 1 << 12;
        while (bits < keys.Length * 8)
        {
            bits <<= 1;
        }
        _present = new ulong[bits / 64];
        _presentShift = KeyBits - System.Numerics.BitOperations.Log2((uint)bits);
        for (var row = 0; row < keys.Length; row++)
        {
            var key = KeyOf(keys[row]);
            var slot = (int)(key & (ulong)_slotMask);
            while (SlotAt(slot).Key != 0)
            {
                slot = (slot + 1) & _slotMask;
            }
            ref var target = ref SlotAt(slot);
            target.Key = key;
            _quantised.AsSpan(row * BioTags.Count, BioTags.Count).CopyTo(target.Weights);
            var bit = key >> _presentShift;
            _present[bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    /// <summary>What one unit of <see cref="AddWeights"/>'s integer scores is worth.</summary>
    internal float WeightScale { get; }



    public int FeatureCount => Keys.Length;

    /// <summary>Transition scores: row <c>previous</c> (row <see cref="BioTags.Count"/> is the sentence start), column <c>tag</c>.</summary>
    internal float[] Transitions { get; }

    internal CasingLexicon Casing { get; }

    internal NameWords NameWords { get; }

    internal ulong[] Keys { get; }

    /// <summary>
    /// Adds the quantised weights of a feature to <paramref name="scores"/> (in units of <see cref="WeightScale"/>);
    /// a feature the model does not know adds nothing.
    /// </summary>
    internal void AddWeights(ulong feature, Span<int> scores)
    {
        var key = KeyOf(feature);
        var bit = key >> _presentShift;
        if ((_present[bit >> 6] & 1UL << (int)(bit & 63)) == 0)
        {
            return;
        }
        var slot = (int)(key & (ulong)_slotMask);
        while (true)
        {
            ref readonly var entry = ref SlotAt(slot);
            if (entry.Key == key)
            {
                ReadOnlySpan<short> row = entry.Weights;
                for (var t = 0; t < BioTags.Count; t++)
                {
                    scores[t] += row[t];
                }
                return;
            }
            if (entry.Key == 0)
            {
                return;
            }
            slot = (slot + 1) & _slotMask;
        }
    }

    private ref Slot SlotAt(int slot) => ref Unsafe.As<ulong, Slot>(ref _slots[_firstSlot + slot * SlotWords]);

    /// <summary>The stored form of a feature hash: 44 bits, never zero (zero marks an empty slot).</summary>
    internal static ulong KeyOf(ulong feature)
    {
        var key = feature & KeyMask;
        return key == 0 ? 1 : key;
    }

    /// <summary>The model embedded in this assembly (Data/ner-model.bin).</summary>
    public static NerModel LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ner-model.bin")
            ?? throw new InvalidOperationException("The embedded NER model (Data/ner-model.bin) is missing; run `train-ner`.");
        return Load(stream);
    }

    public static NerModel Load(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
        {
            throw new InvalidDataException("Not a NER model of this format version.");
        }
        var count = reader.ReadInt32();
        if (count < 0 || count > MaxFeatures || reader.ReadInt32() != BioTags.Count)
        {
            throw new InvalidDataException("Bad NER model header.");
        }
        var keys = new ulong[count];
        var previous = 0UL;
        for (var i = 0; i < count; i++)
        {
            previous += reader.Read7BitEncodedInt64Unsigned();
            keys[i] = previous;
        }
        var scale = reader.ReadSingle();
        var weights = new float[count * BioTags.Count];
        // Column by column: each tag's weights together compress better.
        for (var t = 0; t < BioTags.Count; t++)
        {
            for (var i = 0; i < count; i++)
            {
                weights[i * BioTags.Count + t] = reader.ReadInt16() * scale;
            }
        }
        var transitions = new float[(BioTags.Count + 1) * BioTags.Count];
        for (var i = 0; i < transitions.Length; i++)
        {
            transitions[i] = reader.ReadSingle();
        }
        var lexiconCount = reader.ReadInt32();
        var forms = new Dictionary<string, string>(lexiconCount, StringComparer.Ordinal);
        for (var i = 0; i < lexiconCount; i++)
        {
            var lower = reader.ReadString();
            var kind = reader.ReadByte();
            forms[lower] = kind switch
            {
                0 => lower,
                1 => string.Concat(char.ToUpperInvariant(lower[0]).ToString(), lower.AsSpan(1)),
                2 => lower.ToUpperInvariant(),
                _ => reader.ReadString(),
            };
        }
        var begin = ReadStrings(reader);
        var inside = ReadStrings(reader);
        return new NerModel(keys, weights, transitions, new CasingLexicon(forms), new NameWords(begin, inside));
    }

    private static HashSet<string> ReadStrings(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            set.Add(reader.ReadString());
        }
        return set;
    }

    private static void WriteStrings(BinaryWriter writer, IEnumerable<string> strings)
    {
        var sorted = strings.Order(StringComparer.Ordinal).ToList();
        writer.Write(sorted.Count);
        foreach (var s in sorted)
        {
            writer.Write(s);
        }
    }

    public void Save(Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Keys.Length);
        writer.Write(BioTags.Count);
        var order = Enumerable.Range(0, Keys.Length).OrderBy(i => KeyOf(Keys[i])).ToArray();
        var previous = 0UL;
        foreach (var row in order)
        {
            var key = KeyOf(Keys[row]);
            writer.Write7BitEncodedInt64Unsigned(key - previous);
            previous = key;
        }
        writer.Write(WeightScale);
        for (var t = 0; t < BioTags.Count; t++)
        {
            foreach (var row in order)
            {
                writer.Write(_quantised[row * BioTags.Count + t]);
            }
        }
        foreach (var value in Transitions)
        {
            writer.Write(value);
        }
        var entries = Casing.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        writer.Write(entries.Count);
        foreach (var (lower, form) in entries)
        {
            writer.Write(lower);
            if (form == lower)
            {
                writer.Write((byte)0);
            }
            else if (lower.Length > 0 && form == string.Concat(char.ToUpperInvariant(lower[0]).ToString(), lower.AsSpan(1)))
            {
                writer.Write((byte)1);
            }
            else if (string.Equals(form, lower.ToUpperInvariant(), StringComparison.Ordinal))
            {
                writer.Write((byte)2);
            }
            else
            {
                writer.Write((byte)3);
                writer.Write(form);
            }
        }
        WriteStrings(writer, NameWords.Begin);
        WriteStrings(writer, NameWords.Inside);
    }
}

/// <summary>A feature's key and its weights for the nine tags: 26 bytes, padded to 32 so that two fill a cache line.</summary>
[StructLayout(LayoutKind.Sequential, Size = 32)]
internal struct Slot
{
    public ulong Key;
    public TagWeights Weights;
}

[InlineArray(BioTags.Count)]
internal struct TagWeights
{
    private short _first;
}

internal static class BinaryVarint
{
    public static void Write7BitEncodedInt64Unsigned(this BinaryWriter writer, ulong value)
    {
        while (value >= 0x80)
        {
            writer.Write((byte)(value | 0x80));
            value >>= 7;
        }
        writer.Write((byte)value);
    }

    public static ulong Read7BitEncodedInt64Unsigned(this BinaryReader reader)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new InvalidDataException("Bad varint in NER model.");
    }
}
