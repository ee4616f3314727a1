using System.Diagnostics;
using ContextKeys.Api;
using ContextKeys.Progress;

namespace ContextKeys.Transfer;

/// <summary>
/// Copies an account's context from one v1 endpoint to another: per namespace its registration and TTL (N1), its
/// session TTLs (T2 → T1, before the properties so each session's expiry counts from its copy), its properties
/// (P3 → P1) and its sessions page by page (L2 → S1, streamed). Additive and idempotent: a rerun writes the same
/// properties again and removes nothing. The checkpoint records each completed page, so a rerun continues there.
/// </summary>
public sealed class ContextCopier(ContextApiClient source, ContextApiClient target, CopySettings settings, CopyCheckpoint checkpoint, ITransferProgress progress)
{
    public const int PageAttempts = 3;

    private long _written;
    private long _alreadyDone;
    private long _ttls;
    private long _bytes;

    public async Task<TransferSummary> CopyAsync(IReadOnlyList<NamespacePlan> plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        progress.Start(plan.Sum(ns => ns.SessionCount));
        foreach (var ns in plan)
        {
            await CopyNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
        }

        progress.Finish();
        return new TransferSummary(plan.Count, _written, _alreadyDone, _ttls, _bytes, clock.Elapsed);
    }

    private async Task CopyNamespaceAsync(NamespacePlan ns, CancellationToken cancellationToken)
    {
        var state = checkpoint.For(ns.Name);
        if (state.Done)
        {
            _alreadyDone += ns.SessionCount;
            progress.Advance(ns.SessionCount, 0);
            progress.Note($"namespace {ns.Name}: done by an earlier run");
            return;
        }

        progress.Note($"namespace {ns.Name}: {ns.SessionCount} sessions{(ns.Registered ? "" : " (not registered)")}"
            + (state.NextPage > 0 ? $", continuing after page {state.NextPage - 1}" : ""));
        if (!state.Settled)
        {
            await SettleNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
            state.Settled = true;
            checkpoint.Save();
        }
        else
        {
            _alreadyDone += state.SessionsCopied;
            progress.Advance(state.SessionsCopied, 0);
        }

        await CopySessionsAsync(ns.Name, state, cancellationToken).ConfigureAwait(false);
        state.Done = true;
        checkpoint.Save();
    }

    private async Task SettleNamespaceAsync(NamespacePlan ns, CancellationToken cancellationToken)
    {
        if (ns.Registered)
        {
            await target.RegisterNamespaceAsync(ns.Name, ns.TtlSecond, cancellationToken).ConfigureAwait(false);
        }

        var ttls = await source.ListSessionTtlsAsync(ns.Name, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(ttls, Parallelism(cancellationToken), async (ttl, token) =>
            await target.SetSessionTtlAsync(ns.Name, ttl.SessionId, ttl.TtlSecond, token).ConfigureAwait(false)).ConfigureAwait(false);
        _ttls += ttls.Count;

        var properties = await source.GetNamespacePropertiesAsync(ns.Name, cancellationToken).ConfigureAwait(false);
        if (!IsEmptyObject(properties))
        {
            await target.PatchPropertiesAsync(ns.Name, ContextApiClient.DefaultNamespaceSession, properties, cancellationToken).ConfigureAwait(false);
            _bytes += properties.Length;
        }
    }

    /// <summary>
    /// Pages from the checkpoint on. On a rerun the last completed page is read again, and earlier ones while their
    /// first session sorts after the last one completed (sessions removed from the source meanwhile shift the pages
    /// down), so no session is skipped; a session written again is written with the same properties.
    /// </summary>
    private async Task CopySessionsAsync(string ns, NamespaceProgress state, CancellationToken cancellationToken)
    {
        var page = Math.Max(0, state.NextPage - 1);
        var copiedThrough = state.LastSessionId;
        while (true)
        {
            var result = await CopyPageWithRetriesAsync(ns, page, state, copiedThrough, stepBack: copiedThrough is not null && page > 0, cancellationToken)
                .ConfigureAwait(false);
            if (result.SteppedBack)
            {
                page--;
                continue;
            }

            copiedThrough = null;
            state.NextPage = page + 1;
            state.LastSessionId = result.Last ?? state.LastSessionId;
            checkpoint.Save();
            if (result.Count < settings.PageSize)
            {
                return;
            }

            page++;
        }
    }

    /// <summary>
    /// A page whose listing broke off mid-stream (a connection reset after the answer began, which the request's own
    /// retries cannot see) is copied again from its start, up to <see cref="PageAttempts"/> times: its sessions are
    /// written with the same properties.
    /// </summary>
    private async Task<PageResult> CopyPageWithRetriesAsync(
        string ns, int page, NamespaceProgress state, string? copiedThrough, bool stepBack, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CopyPageAsync(ns, page, state, copiedThrough, stepBack, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < PageAttempts && e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                progress.Note($"namespace {ns} page {page}: {e.Message}; copying the page again ({attempt + 1} of {PageAttempts})");
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed record PageResult(int Count, string? Last, bool SteppedBack);

    /// <param name="copiedThrough">On a rerun: the last session an earlier run completed; those up to it count as done.</param>
    /// <param name="stepBack">Write nothing and step back a page when the page's first session sorts after <paramref name="copiedThrough"/>.</param>
    private async Task<PageResult> CopyPageAsync(
        string ns, int page, NamespaceProgress state, string? copiedThrough, bool stepBack, CancellationToken cancellationToken)
    {
        var count = 0;
        string? last = null;
        var writing = new List<Task>();
        using var inFlight = new SemaphoreSlim(settings.WritesInFlight);
        try
        {
            await foreach (var session in source.ListSessionPropertiesAsync(ns, page, settings.PageSize, cancellationToken).ConfigureAwait(false))
            {
                if (count == 0 && stepBack && string.CompareOrdinal(session.SessionId, copiedThrough) > 0)
                {
                    return new PageResult(0, null, SteppedBack: true);
                }

                count++;
                last = session.SessionId;
                var fresh = copiedThrough is null || string.CompareOrdinal(session.SessionId, copiedThrough) > 0;
                if (session.SessionId == ContextApiClient.DefaultNamespaceSession)
                {
                    progress.Advance(fresh ? 1 : 0, 0);
                    continue;
                }

                var properties = session.Properties.ToArray();
                await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                writing.Add(WriteSessionAsync(ns, session.SessionId, properties, fresh, state, inFlight, cancellationToken));
                writing.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }
        finally
        {
            await Task.WhenAll(writing).ConfigureAwait(false);
        }

        return new PageResult(count, last, SteppedBack: false);
    }

    private async Task WriteSessionAsync(
        string ns, string sessionId, byte[] properties, bool fresh, NamespaceProgress state, SemaphoreSlim inFlight, CancellationToken cancellationToken)
    {
        try
        {
            await target.PatchPropertiesAsync(ns, sessionId, properties, cancellationToken).ConfigureAwait(false);
            if (fresh)
            {
                Interlocked.Increment(ref _written);
                Interlocked.Add(ref _bytes, properties.Length);
                lock (state)
                {
                    state.SessionsCopied++;
                }

                progress.Advance(1, properties.Length);
            }
        }
        finally
        {
            inFlight.Release();
        }
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = settings.WritesInFlight, CancellationToken = cancellationToken };

    private static bool IsEmptyObject(byte[] json) => JsonText.IsEmptyObject(json);
}
