using ContextStore.Expiry;
using Microsoft.Extensions.Options;

namespace ContextServer;

/// <summary>
/// ContextServer's counterpart of the Functions app's SweepExpiredSessions timer: runs the expired-session sweep every
/// <c>Sweeper:Interval</c>, unless <c>Sweeper:Enabled</c> is false.
/// </summary>
public sealed class ScheduledExpiredSessionSweep(
    ExpiredSessionSweeper sweeper, IOptions<ExpiredSessionSweepIntervalOptions> options, ILogger<ScheduledExpiredSessionSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Expired-session sweep disabled by configuration (Sweeper:Enabled)");
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = (await sweeper.SweepAsync(stoppingToken)).Removed;
                logger.LogInformation("Expired-session sweep removed {RemovedSessions} sessions", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expired-session sweep failed; the next one runs in {Interval}", options.Value.Interval);
            }
        }
    }
}
