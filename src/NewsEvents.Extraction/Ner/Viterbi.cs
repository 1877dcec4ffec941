namespace NewsEvents.Extraction.Ner;

/// <summary>Best tag sequence under emission scores and first-order transitions, with the BIO constraints enforced.</summary>
internal static class Viterbi
{
    // Per-thread scratch space: decoding allocates nothing after the first long sentence.
    [ThreadStatic]
    private static float[]? _delta;

    [ThreadStatic]
    private static int[]? _back;

    /// <summary>
    /// <paramref name="scores"/> holds n × <see cref="BioTags.Count"/> emission scores. <paramref name="allowed"/>, when
    /// given, restricts each position to a bit mask of tags (partially labelled training sentences).
    /// </summary>
    public static void Decode(ReadOnlySpan<float> scores, int n, float[] transitions, Span<int> tags, ReadOnlySpan<ushort> allowed = default)
    {
        const int T = BioTags.Count;
        if (n == 0)
        {
            return;
        }
        if (_delta is null || _delta.Length < n * T)
        {
            _delta = new float[Math.Max(n, 256) * T];
            _back = new int[Math.Max(n, 256) * T];
        }
        var delta = _delta;
        var back = _back!;
        for (var t = 0; t < T; t++)
        {
            var ok = BioTags.IsValidTransition(-1, t) && IsAllowed(allowed, 0, t);
            delta[t] = ok ? scores[t] + transitions[T * T + t] : float.NegativeInfinity;
        }
        for (var i = 1; i < n; i++)
        {
            var previous = delta.AsSpan((i - 1) * T, T);
            for (var t = 0; t < T; t++)
            {
                var best = float.NegativeInfinity;
                var arg = 0;
                if (IsAllowed(allowed, i, t))
                {
                    // I-X follows only B-X (t − 1) or I-X (t); anything else may follow anything. Candidates are
                    // tried in increasing order, so ties go to the lowest tag.
                    var first = BioTags.IsInside(t) ? t - 1 : 0;
                    var end = BioTags.IsInside(t) ? t + 1 : T;
                    for (var p = first; p < end; p++)
                    {
                        var v = previous[p] + transitions[p * T + t];
                        if (v > best)
                        {
                            best = v;
                            arg = p;
                        }
                    }
                }
                delta[i * T + t] = best + scores[i * T + t];
                back[i * T + t] = arg;
            }
        }
        var last = 0;
        var bestLast = float.NegativeInfinity;
        for (var t = 0; t < T; t++)
        {
            if (delta[(n - 1) * T + t] > bestLast)
            {
                bestLast = delta[(n - 1) * T + t];
                last = t;
            }
        }
        tags[n - 1] = last;
        for (var i = n - 1; i > 0; i--)
        {
            tags[i - 1] = back[i * T + tags[i]];
        }
    }

    private static bool IsAllowed(ReadOnlySpan<ushort> allowed, int i, int tag) => allowed.IsEmpty || (allowed[i] >> tag & 1) != 0;
}
