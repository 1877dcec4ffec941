namespace NewsEvents.Core.Data;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations at start-up. Switch off where migrations are applied as a deployment step.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// PostgreSQL cancels any statement that runs longer (statement_timeout on every pooled connection), so one slow
    /// query cannot hold a connection of the pool for long; the API answers it 503. Zero: no limit. Migrations at
    /// start-up run without it.
    /// </summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
