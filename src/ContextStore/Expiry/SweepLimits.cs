using System.ComponentModel.DataAnnotations;

namespace ContextStore.Expiry;

/// <summary>
/// The store's part of the section <c>Sweeper</c>, in both hosts: how much one sweep may write, and how fast, so that it
/// never competes with the brand's own requests for throughput.
/// </summary>
public sealed class SweepLimits
{
    public const string Section = ExpiredSessionSweepSettings.Section;

    /// <summary>
    /// Documents one sweep removes or rewrites at most (about 5 to 10 request units each); what is left waits for the
    /// next sweep.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Sweeper:MaxRemovalsPerRun must be a whole number from 1 to 1000000.")]
    public int MaxRemovalsPerRun { get; set; } = 5_000;

    /// <summary>Documents a sweep removes or rewrites per second at most (25: about 200 request units per second).</summary>
    [Range(1, 100_000, ErrorMessage = "Sweeper:MaxRemovalsPerSecond must be a whole number from 1 to 100000.")]
    public int MaxRemovalsPerSecond { get; set; } = 25;
}
