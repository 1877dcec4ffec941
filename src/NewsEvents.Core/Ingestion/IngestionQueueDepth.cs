using System.Diagnostics.Metrics;
using Npgsql;

namespace NewsEvents.Core.Ingestion;

/// <summary>
/// The gauge <c>newsevents.ingestion.queue.depth</c>: the items in ingestion_jobs by state, <c>queued</c> (waiting, or
/// backing off after a failed attempt) and <c>processing</c> (leased by a worker). It is counted when scraped, over the
/// queue table only (items leave it once processed or parked), one count at a time; a scrape waits for that count only
/// briefly, so while PostgreSQL is slow or down the gauge reports the last count read (nothing after a failed one)
/// and the scrape still answers.
/// </summary>
public sealed class IngestionQueueDepth
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(1);
    private const int CountTimeoutSeconds = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _gate = new();
    private Task _count = Task.CompletedTask;
    private volatile Measurement<long>[] _last = [];

    public IngestionQueueDepth(NpgsqlDataSource dataSource, IMeterFactory meters)
    {
        _dataSource = dataSource;
        // A meter of this host's factory, not a static one: the count belongs to this host's database.
        meters.Create(IngestionMetrics.MeterName).CreateObservableGauge(
            "newsevents.ingestion.queue.depth", Observe, "{article}", "Articles in the ingestion queue, by state (queued, processing).");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        Task count;
        lock (_gate)
        {
            if (_count.IsCompleted)
            {
                _count = Task.Run(CountAsync);
            }
            count = _count;
        }
        count.Wait(ScrapeWait); // CountAsync never throws
        return _last;
    }

    private async Task CountAsync()
    {
        try
        {
            await using var command = _dataSource.CreateCommand(
                "SELECT count(*) FILTER (WHERE lease_token IS NULL), count(*) FILTER (WHERE lease_token IS NOT NULL) FROM ingestion_jobs");
            command.CommandTimeout = CountTimeoutSeconds;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            _last = [new(reader.GetInt64(0), new KeyValuePair<string, object?>("state", "queued")),
                     new(reader.GetInt64(1), new KeyValuePair<string, object?>("state", "processing"))];
        }
#pragma warning disable CA1031 // whatever stops the count (database down, host stopping), a scrape must not fail
        catch (Exception)
#pragma warning restore CA1031
        {
            _last = [];
        }
    }
}
