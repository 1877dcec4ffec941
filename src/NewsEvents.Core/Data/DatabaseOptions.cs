namespace NewsEvents.Core.Data;

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations at start-up. Switch off where migrations are applied as a deployment step.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
