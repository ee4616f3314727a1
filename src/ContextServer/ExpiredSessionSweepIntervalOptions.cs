using System.ComponentModel.DataAnnotations;
using ContextStore.Expiry;

namespace ContextServer;

/// <summary>ContextServer's part of the section <c>Sweeper</c>: whether and how often the expired-session sweep runs.</summary>
public sealed class ExpiredSessionSweepIntervalOptions
{
    public const string Section = ExpiredSessionSweepSettings.Section;

    /// <summary>Time between two sweeps of expired sessions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00",
        ErrorMessage = "Sweeper:Interval must be a time span from 00:00:01 to 1.00:00:00 (one day).")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public bool Enabled { get; set; } = true;
}
