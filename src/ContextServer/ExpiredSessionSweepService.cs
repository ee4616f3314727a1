using ContextStore.Expiry;
using Microsoft.Extensions.Options;

namespace ContextServer;

/// <summary>ContextServer's counterpart of the Functions app's timer: sweeps expired sessions on an interval.</summary>
public sealed class ExpiredSessionSweepService(
    ExpiredSessionSweeper sweeper, IOptions<SweeperOptions> options, ILogger<ExpiredSessionSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogInformation("Expired-session sweeper disabled by configuration");
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await sweeper.SweepAsync(stoppingToken);
                logger.LogInformation("Expired-session sweep removed {RemovedSessions} sessions", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Expired-session sweep failed; the next one runs in {Interval}", options.Value.Interval);
            }
        }
    }
}
