namespace ContextServer;

/// <summary>Configuration section <c>Sweeper</c>.</summary>
public sealed class SweeperOptions
{
    public const string Section = "Sweeper";

    /// <summary>Time between two sweeps of expired sessions.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled { get; set; } = true;
}
