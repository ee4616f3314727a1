using System.Diagnostics;
using ContextStore.Cosmos;
using ContextStore.Storage;
using ContextStore.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Expiry;

/// <summary>
/// The backstop of Cosmos DB's own TTL, which removes expired sessions by the <c>ttl</c> each document carries. A sweep
/// removes what that does not cover, within <see cref="SweepLimits"/>: expired sessions still stored (documents from
/// before native TTL, or any with a wrong <c>ttl</c>); TTL records from before T1 counted as a write, which never
/// expired, given their expiry (or removed when it has passed); and the sessions of deleted namespaces
/// (<see cref="NamespaceRemoval"/>). Each part is an indexed query plus one request per document, so the cost follows
/// what there is to remove, not what is stored. Readers already treat all of these as gone.
/// </summary>
public sealed class ExpiredSessionSweeper(
    CosmosContextRepository repository,
    NamespaceRemoval namespaceRemoval,
    TimeProvider clock,
    IOptions<SweepLimits> limits,
    ContextMetrics metrics,
    ILogger<ExpiredSessionSweeper> logger)
{
    /// <summary>The sweep's name in signals: its activity, and the operation its Cosmos DB calls are counted for.</summary>
    public const string OperationName = "SweepExpiredSessions";

    /// <summary>
    /// How long after its expiry a session is left to Cosmos DB's TTL, which hides it by then (its <c>ttl</c> is rounded
    /// up, plus a second for <c>_ts</c>): only sessions expired longer ago were missed by it.
    /// </summary>
    public static readonly TimeSpan NativeTtlMargin = TimeSpan.FromSeconds(5);

    private const int BatchSize = 1000;

    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        using var activity = ContextTelemetry.ActivitySource.StartActivity(OperationName);
        using var operation = CurrentOperation.Begin(OperationName, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var report = await RunAsync(cancellationToken);
            metrics.SweepRun(Stopwatch.GetElapsedTime(started), report.Removed, failure: null);
            activity?.SetTag("contextstore.sweep.removed_sessions", report.Removed);
            return report;
        }
        catch (Exception e)
        {
            metrics.SweepRun(Stopwatch.GetElapsedTime(started), removedSessions: 0, e);
            activity?.SetStatus(ActivityStatusCode.Error);
            activity?.SetTag(ContextTelemetry.Tags.ErrorType, e.GetType().FullName);
            throw;
        }
    }

    private async Task<SweepReport> RunAsync(CancellationToken cancellationToken)
    {
        // Paced in real time: the pace is about Cosmos DB's throughput, not about TTLs.
        var budget = new RemovalBudget(limits.Value.MaxRemovalsPerRun, limits.Value.MaxRemovalsPerSecond, TimeProvider.System);
        var expired = await RemoveExpiredAsync(budget, cancellationToken);
        var (oldRemoved, oldExpiring) = await ExpireOldTtlRecordsAsync(budget, cancellationToken);
        var namespaces = await namespaceRemoval.RemoveAsync(budget, cancellationToken);
        var report = new SweepReport(expired, oldRemoved, oldExpiring, namespaces, budget.Used, budget.Remaining == 0);
        logger.LogInformation(
            "Expired-session sweep: removed {ExpiredRemoved} expired sessions that Cosmos DB's TTL had not removed, " +
            "{OldTtlRecordsRemoved} expired TTL records from before native TTL, {NamespaceSessionsRemoved} sessions of deleted namespaces " +
            "({NamespacesFinished} finished, {NamespacesPending} pending); gave {OldTtlRecordsExpiring} TTL records from before native TTL " +
            "their expiry; {WritesUsed} of {WriteLimit} writes{BudgetSpent}",
            expired, oldRemoved, namespaces.SessionsRemoved, namespaces.NamespacesFinished, namespaces.NamespacesPending, oldExpiring,
            report.WritesUsed, limits.Value.MaxRemovalsPerRun, report.BudgetSpent ? " (the rest waits for the next sweep)" : "");
        return report;
    }

    private async Task<int> RemoveExpiredAsync(RemovalBudget budget, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (budget.Remaining > 0)
        {
            var top = Math.Min(BatchSize, budget.Remaining);
            var batch = await repository.ListExpiredSessionsAsync(clock.GetUtcNow() - NativeTtlMargin, top, cancellationToken);
            var (succeeded, _) = await budget.WriteEachAsync(batch, DeleteAsync, cancellationToken);
            removed += succeeded;

            // A short batch was the last; a batch where nothing could be removed would only repeat itself.
            if (batch.Count < top || succeeded == 0)
            {
                break;
            }
        }

        return removed;
    }

    /// <summary>
    /// TTL records stored before T1 counted as a write never expire (<see cref="SessionExpiry.Never"/>, no ttl): each
    /// gets the expiry of <see cref="SessionExpiry.ExpiresAtOfOldTtlRecord"/>, or is removed when that has passed.
    /// </summary>
    private async Task<(int Removed, int Expiring)> ExpireOldTtlRecordsAsync(RemovalBudget budget, CancellationToken cancellationToken)
    {
        var removed = 0;
        var expiring = 0;
        while (budget.Remaining > 0)
        {
            var top = Math.Min(BatchSize, budget.Remaining);
            var batch = await repository.ListOldTtlRecordsAsync(top, cancellationToken);
            var (succeeded, _) = await budget.WriteEachAsync(batch, async (row, ct) =>
            {
                var document = row.Document;
                var expiresAt = SessionExpiry.ExpiresAtOfOldTtlRecord(
                    document.LastWriteAt, document.TtlCreatedAt, row.LastModifiedSeconds, document.TtlSecond!.Value);
                var now = clock.GetUtcNow();
                if (SessionExpiry.IsLive(expiresAt, now))
                {
                    if (await ReplaceAsync(document.ExpiringAt(expiresAt, now), row.ETag, ct))
                    {
                        Interlocked.Increment(ref expiring);
                        return true;
                    }

                    return false;
                }

                if (await DeleteAsync(new SessionToRemoveRow(document.AccountId, document.Namespace, document.SessionId, row.ETag), ct))
                {
                    Interlocked.Increment(ref removed);
                    return true;
                }

                return false;
            }, cancellationToken);

            if (batch.Count < top || succeeded == 0)
            {
                break;
            }
        }

        return (removed, expiring);
    }

    /// <summary>True when the session was deleted; false when it changed since the query (a write made it live again).</summary>
    private async Task<bool> DeleteAsync(SessionToRemoveRow row, CancellationToken cancellationToken)
    {
        try
        {
            await repository.DeleteSessionAsync(row.Key, row.ETag, cancellationToken);
            return true;
        }
        catch (WriteConflictException)
        {
            logger.LogDebug("Session changed during the sweep and was left alone");
            return false;
        }
    }

    private async Task<bool> ReplaceAsync(SessionDocument document, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await repository.ReplaceSessionAsync(document, etag, cancellationToken);
            return true;
        }
        catch (WriteConflictException)
        {
            return false;
        }
        catch (DocumentTooLargeException e)
        {
            // Within a few bytes of the item limit already: it keeps its old shape, and reads still treat it as before.
            logger.LogWarning(e, "A TTL record from before native TTL is too large to be given its expiry and was left alone");
            return false;
        }
    }
}
