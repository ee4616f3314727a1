using ContextStore.Expiry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ContextFunctions.Functions.Expiry;

/// <summary>Removes expired sessions on the schedule in the <c>CleanupSchedule</c> setting (NCRONTAB, e.g. <c>0 */5 * * * *</c>).</summary>
public sealed class CleanupExpiredSessions(ExpiredSessionSweeper sweeper, ILogger<CleanupExpiredSessions> logger)
{
    [Function(nameof(CleanupExpiredSessions))]
    public async Task Run([TimerTrigger("%CleanupSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var removed = await sweeper.SweepAsync(cancellationToken);
        logger.LogInformation(
            "Expired-session sweep removed {RemovedSessions} sessions (past due: {IsPastDue})", removed, timer.IsPastDue);
    }
}
