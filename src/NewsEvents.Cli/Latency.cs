using System.Diagnostics;

namespace NewsEvents.Cli;

/// <summary>Latencies of a call made by a fixed number of concurrent callers, as the read benchmarks measure them.</summary>
internal static class Latency
{
    public static int Warmup(int requests) => Math.Min(50, Math.Max(5, requests / 10));

    /// <summary>
    /// Sorted latencies (ms) of up to <paramref name="requests"/> calls made by <paramref name="concurrency"/> callers after
    /// <paramref name="warmup"/> calls; no caller starts a call once <paramref name="budget"/> has passed, so a slow design
    /// yields fewer samples instead of an endless run.
    /// </summary>
    public static async Task<double[]> MeasureAsync(
        Func<CancellationToken, Task> call, int requests, int concurrency, int warmup, TimeSpan? budget = null)
    {
        for (var i = 0; i < warmup; i++)
        {
            await call(default);
        }
        var latencies = new double[requests];
        var next = -1;
        var completed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < requests && (budget is null || clock.Elapsed < budget); i = Interlocked.Increment(ref next))
            {
                var start = Stopwatch.GetTimestamp();
                await call(default);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Interlocked.Increment(ref completed);
            }
        }));
        // Callers take indexes in order and each finishes the call it started, so the first `completed` slots are filled.
        var measured = latencies[..completed];
        Array.Sort(measured);
        return measured;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
