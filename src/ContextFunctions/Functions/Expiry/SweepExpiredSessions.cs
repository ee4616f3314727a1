using ContextStore.Expiry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ContextFunctions.Functions.Expiry;

/// <summary>
/// The expired-session sweep on the schedule in <c>Sweeper:Schedule</c> (app setting <c>Sweeper__Schedule</c>, a
/// six-field NCRONTAB expression such as <c>0 */5 * * * *</c>), which the host resolves from its app settings.
/// </summary>
public sealed class SweepExpiredSessions(ExpiredSessionSweeper sweeper, ILogger<SweepExpiredSessions> logger)
{
    [Function(nameof(SweepExpiredSessions))]
    public async Task Run([TimerTrigger("%Sweeper:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var removed = (await sweeper.SweepAsync(cancellationToken)).Removed;
        logger.LogInformation(
            "Expired-session sweep removed {RemovedSessions} sessions (past due: {IsPastDue})", removed, timer.IsPastDue);
    }
}
