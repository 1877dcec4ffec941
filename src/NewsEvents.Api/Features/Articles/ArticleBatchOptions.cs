using System.ComponentModel.DataAnnotations;

namespace NewsEvents.Api.Features.Articles;

/// <summary>The "ArticleBatch" configuration section: limits of <c>POST /api/v1/articles/batch</c>.</summary>
public sealed class ArticleBatchOptions
{
    public const string Section = "ArticleBatch";

    /// <summary>Most articles one request may carry; more is answered 413.</summary>
    [Range(1, 1_000_000)]
    public int MaxItems { get; set; } = 10_000;

    /// <summary>Largest request body, in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Longest NDJSON line, in bytes: an article at the single-article size limit, with room for escapes.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxLineBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Articles stored per database transaction (and per round trip).</summary>
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = 500;
}
