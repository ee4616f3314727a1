using System.ComponentModel.DataAnnotations;

namespace ContextServer;

/// <summary>Configuration section <c>Sweeper</c>.</summary>
public sealed class SweeperOptions
{
    public const string Section = "Sweeper";

    /// <summary>Time between two sweeps of expired sessions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Sweeper:Interval must be a time span from 00:00:01 to 1.00:00:00 (one day).")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled { get; set; } = true;
}
