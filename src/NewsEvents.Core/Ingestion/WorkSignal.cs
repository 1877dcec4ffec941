namespace NewsEvents.Core.Ingestion;

/// <summary>Wakes every idle worker when new work may be waiting.</summary>
public sealed class WorkSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>
    /// Completes at the next <see cref="Notify"/>. Take it before looking for work, so a notification that arrives
    /// between finding the queue empty and starting to wait is not missed.
    /// </summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
