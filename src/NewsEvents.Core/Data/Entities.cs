using NewsEvents.Extraction.Pipeline;
using NpgsqlTypes;

namespace NewsEvents.Core.Data;

// One file for the persisted shapes: they are plain rows, and their constraints live in Configurations/.

/// <summary>
/// A publisher, named by the articles that come from it; with a feed URL it is also polled for new articles.
/// The feed columns are null (and the counters zero) for sources that only name articles.
/// </summary>
public sealed class Source
{
    /// <summary>The unique index on <see cref="FeedUrl"/>, named so a conflict on it can be told from one on the name.</summary>
    public const string FeedUrlIndex = "ix_sources_feed_url";

    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>RSS 2.0, Atom 1.0 or JSON Feed document to poll; unique.</summary>
    public string? FeedUrl { get; set; }

    /// <summary>The format the feed was last read as; null until it has been read once.</summary>
    public FeedKind? FeedKind { get; set; }
    public TimeSpan? PollInterval { get; set; }

    /// <summary>Polled only while true; a disabled feed keeps its state and counters.</summary>
    public bool Enabled { get; set; }

    /// <summary>When the feed is next due; while a poller works on it, the end of its lease.</summary>
    public DateTimeOffset? NextPollAt { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>Why the last poll failed; null after a successful one.</summary>
    public string? LastError { get; set; }

    /// <summary>Validators from the last full answer, sent back so an unchanged feed answers 304.</summary>
    public string? ETag { get; set; }
    public string? LastModified { get; set; }

    /// <summary>Items read from fetched feed documents (an item fetched again counts again).</summary>
    public long ItemsSeen { get; set; }

    /// <summary>Items stored as new articles (not duplicates, not empty).</summary>
    public long ItemsAccepted { get; set; }
}

public enum FeedKind
{
    /// <summary>RSS 2.0.</summary>
    Rss,

    /// <summary>Atom 1.0.</summary>
    Atom,

    /// <summary>JSON Feed 1.x.</summary>
    Json,
}

public enum ArticleStatus
{
    Queued,
    Processing,
    Processed,
    Failed,
}

public sealed class Article
{
    public Guid Id { get; set; }
    public Guid? SourceId { get; set; }
    public Source? Source { get; set; }
    public string? Url { get; set; }
    public string? CanonicalUrl { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Author { get; set; }
    public string? Language { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset IngestedAt { get; set; }

    /// <summary>Publication time when known, else ingestion time: what "newest" and date filters use. Generated.</summary>
    public DateTimeOffset PublishedOrIngestedAt { get; private set; }

    /// <summary>SHA-256 of the submitted title and body (whitespace-folded): catches exact re-posts.</summary>
    public required byte[] ContentHash { get; set; }
    public ArticleStatus Status { get; set; }
    public string? Error { get; set; }
    public string? ExtractorVersion { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Tone of the whole article, GDELT-style: -100 (negative) to +100 (positive).</summary>
    public double? Tone { get; set; }
    public string[]? KeyPhrases { get; set; }

    /// <summary>MinHash signature of the body's word 4-grams (null until processed, or when too short to judge).</summary>
    public int[]? MinHash { get; set; }

    /// <summary>Locality-sensitive band keys of <see cref="MinHash"/>: near-duplicates share at least one.</summary>
    public long[]? NearDuplicateKeys { get; set; }

    /// <summary>The original this article is a near-duplicate of (a syndicated or lightly edited copy), if any.</summary>
    public Guid? DuplicateOf { get; set; }

    /// <summary>The story (articles about the same happening, across sources) this article belongs to; null until processed.</summary>
    public Guid? StoryId { get; set; }

    /// <summary>Weighted title (A) and body (B) lexemes. Generated and stored by PostgreSQL.</summary>
    public NpgsqlTsVector SearchVector { get; private set; } = null!;
}

/// <summary>
/// Articles about the same happening, across sources (Event Registry's "event"). Articles join one as they are
/// processed (see Stories/StoryClusterer); the counts, span, title and key terms are recomputed from the members in
/// the transaction that changes them.
/// </summary>
public sealed class Story
{
    public Guid Id { get; set; }

    /// <summary>The title of the earliest member.</summary>
    public required string Title { get; set; }
    public int ArticleCount { get; set; }

    /// <summary>Distinct sources among the members (an article without a source counts as its own).</summary>
    public int SourceCount { get; set; }
    public DateTimeOffset FirstPublishedAt { get; set; }
    public DateTimeOffset LastPublishedAt { get; set; }

    /// <summary>The stemmed words most members' key phrases carry: the story's side of the term similarity.</summary>
    public string[] KeyTerms { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An entity in a story's centroid: how many of its members mention it.</summary>
public sealed class StoryEntity
{
    public Guid StoryId { get; set; }
    public Guid EntityId { get; set; }
    public int ArticleCount { get; set; }
}

/// <summary>
/// Durable work item: one row per article waiting for (or in) processing. Claimed with FOR UPDATE SKIP LOCKED;
/// <see cref="AvailableAt"/> is both the retry time and, while leased, the lease expiry.
/// </summary>
public sealed class IngestionJob
{
    public Guid ArticleId { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
    public DateTimeOffset AvailableAt { get; set; }
    public int Attempts { get; set; }
    public Guid? LeaseToken { get; set; }
    public string? LastError { get; set; }
}

public sealed class Entity
{
    public Guid Id { get; set; }

    /// <summary>The normalised identity the extractor gave it when it was first seen; also one of its alias keys.</summary>
    public required string Key { get; set; }
    public required string CanonicalName { get; set; }
    public EntityType Type { get; set; }
    public LocationKind? Kind { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code of the country the entity belongs to or is.</summary>
    public string? CountryCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>The entity this one belongs to or stands for: the Kremlin → Russia.</summary>
    public Guid? PartOfEntityId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    // Maintained by processing (see CoverageCounts): articles and mentions, and the publication times of the first and
    // last article. First and last only ever widen, even if reprocessing removes the article that set them.
    public int ArticleCount { get; set; }
    public int MentionCount { get; set; }
    public DateTimeOffset? FirstSeen { get; set; }
    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Set when a curator merged this entity into another: it is then only a redirect to that survivor.</summary>
    public Guid? MergedIntoId { get; set; }

    public List<EntityAlias> Aliases { get; } = [];
}

/// <summary>A normalised name under which an entity is found; each key belongs to one entity.</summary>
public sealed class EntityAlias
{
    public Guid Id { get; set; }
    public Guid EntityId { get; set; }
    public required string Alias { get; set; }
    public required string Key { get; set; }
}

/// <summary>An entity's presence in one article: how often, and with which titles or roles.</summary>
public sealed class ArticleEntity
{
    public Guid ArticleId { get; set; }
    public Guid EntityId { get; set; }
    public int MentionCount { get; set; }
    public string[] Titles { get; set; } = [];

    /// <summary>The article's tone when this row was counted into the daily aggregates, so removing it subtracts exactly that.</summary>
    public double Tone { get; set; }
}

// Pre-aggregated counts, kept exact by ingestion and processing in the same transactions that change what they
// count, so timelines, co-occurrence and trends never scan mentions.

/// <summary>Articles per day (publication day, else ingestion day, UTC): the denominator of coverage shares.</summary>
public sealed class DailyArticles
{
    public DateOnly Day { get; set; }
    public int Articles { get; set; }
}

public sealed class SourceDailyArticles
{
    public Guid SourceId { get; set; }
    public DateOnly Day { get; set; }
    public int Articles { get; set; }
}

/// <summary>One entity's coverage on one day: articles mentioning it, mentions, and the sum of those articles' tone.</summary>
public sealed class EntityDailyMentions
{
    public Guid EntityId { get; set; }
    public DateOnly Day { get; set; }
    public int Articles { get; set; }
    public int Mentions { get; set; }
    public double ToneSum { get; set; }
}

/// <summary>
/// How many of an entity's articles give it a title or role ("President", "spokesman"): the entity detail's titles,
/// counted with the other coverage aggregates so the detail never reads all of a popular entity's article rows.
/// </summary>
public sealed class EntityTitle
{
    public Guid EntityId { get; set; }
    public required string Title { get; set; }
    public int Articles { get; set; }
}

/// <summary>Articles in which two entities both appear (EntityA sorts before EntityB).</summary>
public sealed class EntityPair
{
    public Guid EntityA { get; set; }
    public Guid EntityB { get; set; }
    public int Articles { get; set; }
}

public sealed class Mention
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }
    public Guid EntityId { get; set; }
    public TextField Field { get; set; }

    /// <summary>UTF-16 offsets into the processed title or body (see <see cref="Field"/>): [Start, End).</summary>
    public int Start { get; set; }
    public int End { get; set; }
    public required string Text { get; set; }
}

public sealed class Event
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }

    /// <summary>CAMEO-aligned event code, e.g. "036" (express intent to meet).</summary>
    public required string TypeCode { get; set; }
    public Guid? ActorEntityId { get; set; }
    public Guid? TargetEntityId { get; set; }
    public Guid? LocationEntityId { get; set; }
    public DateOnly? OccurredOn { get; set; }

    /// <summary>When it happened, else the day of the article that reports it: the day reports are matched on.</summary>
    public DateOnly EventDay { get; set; }
    public Modality Modality { get; set; }
    public required string Sentence { get; set; }
    public TextField Field { get; set; }
    public int SentenceStart { get; set; }
    public int SentenceEnd { get; set; }
    public required string Cue { get; set; }
    public double Confidence { get; set; }
    public double Tone { get; set; }

    /// <summary>Set when a curator rejects the extraction: kept, hidden by default, restorable.</summary>
    public DateTimeOffset? RejectedAt { get; set; }
}

public sealed class Quote
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }
    public Guid? SpeakerEntityId { get; set; }
    public required string Text { get; set; }
    public TextField Field { get; set; }
    public int Start { get; set; }
    public int End { get; set; }
    public string? Cue { get; set; }
    public bool IsDirect { get; set; }

    /// <summary>
    /// The article's publication (else ingestion) time, copied here so a speaker's quotes, newest first, are one index
    /// range scan. Set when the quote is written; an article's time never changes.
    /// </summary>
    public DateTimeOffset PublishedOrIngestedAt { get; set; }

    /// <summary>Set when a curator rejects the extraction: kept, hidden by default, restorable.</summary>
    public DateTimeOffset? RejectedAt { get; set; }
}

/// <summary>
/// One curator's change (an alias added, a merge, a rejected event…), kept for the entities' history: who, when, what,
/// and the state before and after as JSON.
/// </summary>
public sealed class CurationChange
{
    /// <summary>Increasing: the order changes were made in.</summary>
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Curator { get; set; }

    /// <summary>snake_case name of a <see cref="Curation.CurationAction"/>.</summary>
    public required string Action { get; set; }

    /// <summary>The entity, event or quote changed.</summary>
    public Guid SubjectId { get; set; }

    /// <summary>The entities whose history shows the change (both sides of a merge, an event's actor, target and place…).</summary>
    public Guid[] EntityIds { get; set; } = [];
    public string? Before { get; set; }
    public string? After { get; set; }
}

/// <summary>
/// A saved search: the query as written and its compiled filters (see <see cref="Search.ArticleCriteria"/>), which
/// every newly processed article is matched against in SQL. With a webhook URL, matches are also POSTed there.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; set; }
    public string? Name { get; set; }

    /// <summary>
    /// The API key that created the alert: only it (and admin keys) can see or change the alert. Null for alerts
    /// made before alerts had owners, or whose key row is gone: those are the admins' alone.
    /// </summary>
    public Guid? OwnerKeyId { get; set; }

    /// <summary>The query as the user wrote it, in the language of <c>/api/v1/search</c>.</summary>
    public required string Query { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Matched only while true; a paused alert keeps its matches and pending deliveries.</summary>
    public bool Active { get; set; }
    public string? WebhookUrl { get; set; }

    /// <summary>HMAC-SHA256 key of the webhook signatures; null without a webhook.</summary>
    public string? WebhookSecret { get; set; }

    // The compiled query: null means "no condition".
    public string? Words { get; set; }

    /// <summary>websearch_to_tsquery of <see cref="Words"/>. Generated and stored by PostgreSQL.</summary>
    public NpgsqlTsQuery? SearchQuery { get; private set; }
    public Guid? EntityId { get; set; }
    public EntityType? EntityType { get; set; }
    public string? Source { get; set; }
    public string? Language { get; set; }
    public string? EventCode { get; set; }
    public DateTimeOffset? FromAt { get; set; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? ToAt { get; set; }
}

/// <summary>An article that matched an alert when it was processed; at most one per alert and article.</summary>
public sealed class AlertMatch
{
    /// <summary>Increasing: the order matches were made in.</summary>
    public long Id { get; set; }
    public Guid AlertId { get; set; }
    public Guid ArticleId { get; set; }
    public DateTimeOffset MatchedAt { get; set; }
}

/// <summary>
/// The outbox of webhook POSTs: one row per match of an alert with a webhook, written in the transaction that made
/// the match. Claimed with FOR UPDATE SKIP LOCKED and leased until <see cref="AvailableAt"/>, like the ingestion queue.
/// </summary>
public sealed class WebhookDelivery
{
    public long MatchId { get; set; }
    public DateTimeOffset AvailableAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Set when the last allowed attempt failed: the delivery is given up.</summary>
    public DateTimeOffset? FailedAt { get; set; }
    public string? LastError { get; set; }
}

public enum ReprocessJobStatus
{
    /// <summary>Waiting for the reprocessing service to start queueing its articles.</summary>
    Pending,

    /// <summary>Its articles are being put on the ingestion queue, a chunk at a time.</summary>
    Queueing,

    /// <summary>All its articles are queued; the workers are processing them.</summary>
    Running,

    /// <summary>Every queued article has been processed (or has failed) since the job started.</summary>
    Completed,
}

/// <summary>
/// An admin request to re-run extraction over the processed articles a filter selects. The reprocessing service
/// queues them in chunks, recording how far it got in <see cref="LastQueuedId"/>, so a restart resumes where it stopped.
/// </summary>
public sealed class ReprocessJob
{
    public Guid Id { get; set; }
    public ReprocessJobStatus Status { get; set; }
    public DateTimeOffset? FromAt { get; set; }
    public DateTimeOffset? ToAt { get; set; }
    public string? Source { get; set; }

    /// <summary>Only articles whose results this extractor version made, or, with a leading "!", any other version made.</summary>
    public string? ExtractorVersion { get; set; }

    /// <summary>Matching processed articles when queueing started.</summary>
    public int? Total { get; set; }

    /// <summary>Articles handed to the queue so far (one already queued is counted, not queued twice).</summary>
    public int Queued { get; set; }

    /// <summary>Of the queued articles, those processed again; counted once, when the job completes (live until then).</summary>
    public int? Processed { get; set; }

    /// <summary>Of the queued articles, those that failed; counted once, when the job completes (live until then).</summary>
    public int? Failed { get; set; }

    /// <summary>The last article id queued: the keyset the next chunk starts after.</summary>
    public Guid? LastQueuedId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>An article a reprocess job queued: what its progress is counted over.</summary>
public sealed class ReprocessJobArticle
{
    public Guid JobId { get; set; }
    public Guid ArticleId { get; set; }
}
