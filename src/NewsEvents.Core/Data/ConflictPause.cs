namespace NewsEvents.Core.Data;

/// <summary>
/// The pause before a transaction that lost a deadlock or a unique-key race to a concurrent one runs again: random, so
/// the two do not meet again in step, and longer with each attempt.
/// </summary>
public static class ConflictPause
{
    public static Task WaitAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt), cancellationToken);
}
