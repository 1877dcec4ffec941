using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using NewsEvents.Core.Data;
using NewsEvents.Core.Reprocessing;

namespace NewsEvents.Api.Features.Admin;

/// <summary>Which processed articles to re-run extraction over; every field is optional and they combine with AND.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ReprocessRequest : IValidatableObject
{
    private static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Published (else ingested) at or after this time.</summary>
    /// <example>2026-11-01T00:00:00Z</example>
    public DateTimeOffset? From { get; init; }

    /// <summary>Published (else ingested) before this time.</summary>
    /// <example>2026-11-08T00:00:00Z</example>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only articles from this source (case-insensitive name).</summary>
    [StringLength(200)]
    public string? Source { get; init; }

    /// <summary>
    /// Only articles whose stored results this extractor version made; with a leading "!", those any other version
    /// made (the usual call after an extractor upgrade: "!" and the current version).
    /// </summary>
    /// <example>!extract-4</example>
    [RegularExpression(@"^!?[^!\s]{1,64}$", ErrorMessage = "An extractor version (up to 64 characters, no spaces), optionally after one '!'.")]
    public string? ExtractorVersion { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (value, name) in new[] { (From, nameof(From)), (To, nameof(To)) })
        {
            if (value is { } at && (at < Earliest || at >= Latest))
            {
                yield return new ValidationResult("Must be in the years 1900 to 2199.", [name]);
            }
        }
        if (From is { } from && To is { } to && from >= to)
        {
            yield return new ValidationResult("Must be later than 'from'.", [nameof(To)]);
        }
    }

    internal ReprocessFilter ToFilter() => new(From, To, Source?.Trim(), ExtractorVersion);
}

/// <summary>The filter a reprocess job was given.</summary>
public sealed record ReprocessFilterResponse(DateTimeOffset? From, DateTimeOffset? To, string? Source, string? ExtractorVersion);

/// <summary>A reprocess job and its progress.</summary>
/// <param name="Id">The job.</param>
/// <param name="Status">pending (not started), queueing (its articles are being queued), running (all queued, being processed) or completed.</param>
/// <param name="Filter">The articles it re-runs.</param>
/// <param name="Total">Processed articles the filter matched when the job started; null while pending.</param>
/// <param name="Queued">Articles put on the processing queue so far.</param>
/// <param name="Processed">Of those, how many have been processed again since they were queued.</param>
/// <param name="Failed">Of those, how many failed (parked with their error) since they were queued.</param>
/// <param name="CreatedAt">When it was asked for.</param>
/// <param name="FinishedAt">When its last article was done; null until completed.</param>
public sealed record ReprocessJobResponse(
    Guid Id, ReprocessJobStatus Status, ReprocessFilterResponse Filter, int? Total, int Queued, int Processed, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    internal static ReprocessJobResponse From(ReprocessJobProgress job) => new(
        job.Id, job.Status, new ReprocessFilterResponse(job.Filter.From, job.Filter.To, job.Filter.Source, job.Filter.ExtractorVersion),
        job.Total, job.Queued, job.Processed, job.Failed, job.CreatedAt, job.FinishedAt);
}
