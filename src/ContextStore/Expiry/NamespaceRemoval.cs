using ContextStore.Cosmos;
using ContextStore.Namespaces;
using ContextStore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Expiry;

/// <summary>
/// Removes the documents of sessions deleted with their namespace (N3), which read as gone from the moment N3 raised the
/// namespace's generation. What is left to do is in Cosmos DB (<see cref="NamespaceDocument.RemovalPending"/>), so a
/// sweep that stops half-way (a restart, the end of its budget) is resumed by the next one, on any instance. Each batch
/// is one query scoped to the namespace's partition prefix plus one conditional delete per session.
/// </summary>
public sealed class NamespaceRemoval(
    CosmosContextRepository repository,
    NamespaceStateCache namespaces,
    TimeProvider clock,
    IOptions<CosmosOptions> cosmos,
    ILogger<NamespaceRemoval> logger)
{
    private const int BatchSize = 1000;
    private const int NamespacesPerSweep = 100;

    /// <summary>
    /// How long after N3 a write of the deleted generation may still arrive: from an instance whose cached generation was
    /// read before N3 (at most <see cref="NamespaceStateCache.VisibilityDelay"/>), sent before and stored within Cosmos
    /// DB's request timeout, with a margin. A namespace's removal is finished only by a pass that starts after it.
    /// </summary>
    public TimeSpan SettleTime => namespaces.VisibilityDelay + cosmos.Value.RequestTimeout + TimeSpan.FromSeconds(30);

    /// <summary>Removes sessions of deleted namespaces within <paramref name="budget"/>; finishes the namespaces left with none.</summary>
    public async Task<NamespaceRemovalReport> RemoveAsync(RemovalBudget budget, CancellationToken cancellationToken)
    {
        var report = new NamespaceRemovalReport(0, 0, 0);
        var pending = await repository.ListPendingRemovalsAsync(NamespacesPerSweep, cancellationToken);
        foreach (var deleted in pending)
        {
            var (removed, finished) = await RemoveAsync(deleted, budget, cancellationToken);
            report = report with
            {
                SessionsRemoved = report.SessionsRemoved + removed,
                NamespacesFinished = report.NamespacesFinished + (finished ? 1 : 0),
                NamespacesPending = report.NamespacesPending + (finished ? 0 : 1),
            };
        }

        return report;
    }

    private async Task<(int Removed, bool Finished)> RemoveAsync(PendingRemovalRow deleted, RemovalBudget budget, CancellationToken cancellationToken)
    {
        var passStartedAt = clock.GetUtcNow();
        var removed = 0;
        var nothingLeft = false;
        while (budget.Remaining > 0)
        {
            var top = Math.Min(BatchSize, budget.Remaining);
            var batch = await repository.ListSessionsBeforeGenerationAsync(
                deleted.AccountId, deleted.Name, deleted.Generation, top, cancellationToken);
            var (succeeded, allWritten) = await budget.WriteEachAsync(batch, DeleteAsync, cancellationToken);
            removed += succeeded;
            if (batch.Count < top && allWritten)
            {
                nothingLeft = true;
                break;
            }
        }

        var finished = nothingLeft && await FinishAsync(deleted, passStartedAt, cancellationToken);
        if (removed > 0 || finished)
        {
            logger.LogInformation(
                "Removed {RemovedSessions} sessions of the deleted namespace {Namespace} of account {AccountId} (generation {Generation}); {State}",
                removed, deleted.Name, deleted.AccountId, deleted.Generation, finished ? "finished" : "more to remove in the next sweep");
        }

        return (removed, finished);
    }

    /// <summary>True when the session was deleted; false when it changed since the query (written anew, or removed by another sweep).</summary>
    private async Task<bool> DeleteAsync(SessionToRemoveRow row, CancellationToken cancellationToken)
    {
        try
        {
            await repository.DeleteSessionAsync(row.Key, row.ETag, cancellationToken);
            return true;
        }
        catch (WriteConflictException)
        {
            return false;
        }
    }

    /// <summary>
    /// Clears the namespace's pending removal when this pass started late enough that no write of a deleted generation
    /// can still arrive, and no N3 came since; otherwise a later sweep finishes it.
    /// </summary>
    private async Task<bool> FinishAsync(PendingRemovalRow deleted, DateTimeOffset passStartedAt, CancellationToken cancellationToken)
    {
        var stored = await repository.ReadRegistrationAsync(deleted.AccountId, deleted.Name, cancellationToken);
        if (stored is not { Document.RemovalPending: true } || stored.Document.Generation != deleted.Generation
            || passStartedAt - DateTimeOffset.FromUnixTimeMilliseconds(stored.Document.DeletedAt ?? 0) < SettleTime)
        {
            return false;
        }

        try
        {
            await repository.ReplaceRegistrationAsync(stored.Document with { RemovalPending = false }, stored.ETag, cancellationToken);
            return true;
        }
        catch (WriteConflictException)
        {
            // Registered, changed or deleted again meanwhile: the next sweep looks again.
            return false;
        }
    }
}
