using System.Diagnostics;
using ContextAdmin.Api;
using ContextAdmin.Progress;

namespace ContextAdmin.Transfer;

/// <summary>
/// Copies an account's context from one v1 endpoint to another: per namespace its registration and TTL (N1) before
/// anything of it is written, its session TTLs (T2 → T1), its properties (P3 → P1) and its sessions (L2 → S1/S2,
/// streamed, walked by a <see cref="ListingCursor"/> so that none that stays live during the copy is skipped).
/// Additive and idempotent: a rerun writes the same properties again and removes nothing. The checkpoint records the
/// last session of each completed window, so a rerun continues there. What the target refuses of one session, or what
/// the source cannot list of one namespace, goes to the failure log and the copy goes on.
/// </summary>
public sealed class ContextCopier(
    ContextApiClient source, ContextApiClient target, CopySettings settings, CopyCheckpoint checkpoint, FailureLog failures, ITransferProgress progress)
{
    public const int PageAttempts = 3;

    private readonly SessionWriter _writer = new(target, failures);
    private long _written;
    private long _alreadyDone;
    private long _ttls;
    private long _bytes;

    public async Task<TransferSummary> CopyAsync(IReadOnlyList<NamespacePlan> plan, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failuresBefore = failures.Added;
        progress.Start(plan.Sum(ns => ns.SessionCount));
        foreach (var ns in plan)
        {
            await CopyNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
        }

        progress.Finish();
        return new TransferSummary(plan.Count, _written, _alreadyDone, _ttls, _bytes, clock.Elapsed, failures.Added - failuresBefore);
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

        if (ns.Problem is not null)
        {
            failures.Add(new TransferFailure(ns.Name, null, $"not copied: {ns.Problem}"));
            MarkDone(state);
            return;
        }

        progress.Note($"namespace {ns.Name}: {ns.SessionCount} sessions{(ns.Registered ? "" : " (not registered)")}"
            + (state.LastSessionId is { } last ? $", continuing after session {last}" : ""));
        try
        {
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
        }
        catch (Exception e) when (e is InvalidDataException || SessionWriter.IsTheSessionsOwn(e))
        {
            var where = state.LastSessionId is { } lastCopied ? $"after session {lastCopied}" : "before its first session";
            failures.Add(new TransferFailure(ns.Name, null, $"stopped {where}, the rest of the namespace was not copied: {e.Message}"));
        }

        MarkDone(state);
    }

    private void MarkDone(NamespaceProgress state)
    {
        state.Done = true;
        checkpoint.Save();
    }

    /// <summary>The namespace's registration and TTL first, so that every session written after them expires by them.</summary>
    private async Task SettleNamespaceAsync(NamespacePlan ns, CancellationToken cancellationToken)
    {
        if (ns.Registered)
        {
            await target.RegisterNamespaceAsync(ns.Name, ns.TtlSecond, cancellationToken).ConfigureAwait(false);
        }

        var writes = new InFlightWrites(settings.WritesInFlight);
        await WithWritesAsync(writes, async () =>
        {
            await foreach (var ttl in source.StreamSessionTtlsAsync(ns.Name, cancellationToken).ConfigureAwait(false))
            {
                await writes.StartAsync(async () =>
                {
                    if (await _writer.WriteAsync(ns.Name, ttl.SessionId, ttl.TtlSecond, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref _ttls);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        var properties = await source.GetNamespacePropertiesAsync(ns.Name, cancellationToken).ConfigureAwait(false);
        if (!JsonText.IsEmptyObject(properties)
            && await _writer.WriteAsync(ns.Name, ContextApiClient.DefaultNamespaceSession, null, properties, cancellationToken).ConfigureAwait(false))
        {
            _bytes += properties.Length;
        }
    }

    /// <summary>
    /// The sessions after the checkpoint's last one. A window whose listing broke off mid-stream (a connection reset
    /// after the answer began, which the request's own retries cannot see) is read again, up to
    /// <see cref="PageAttempts"/> times in a row: the cursor starts it where the last completed window ended.
    /// </summary>
    private async Task CopySessionsAsync(string ns, NamespaceProgress state, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CopySessionsOnceAsync(ns, state, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < PageAttempts && e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                progress.Note($"namespace {ns}: {e.Message}; reading the page again ({attempt + 1} of {PageAttempts})");
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CopySessionsOnceAsync(string ns, NamespaceProgress state, CancellationToken cancellationToken)
    {
        var cursor = new ListingCursor(state.LastSessionId, state.Position, settings.PageSize);
        var writes = new InFlightWrites(settings.WritesInFlight);
        await WithWritesAsync(writes, () => cursor.WalkAsync(
            (window, token) => source.ListSessionPropertiesAsync(ns, window.Page, window.PerPage, token),
            session => session.SessionId,
            async (session, token) =>
            {
                if (session.SessionId == ContextApiClient.DefaultNamespaceSession)
                {
                    // The namespace's own properties: copied with the namespace (P3).
                    progress.Advance(1, 0);
                    return true;
                }

                var id = session.SessionId;
                var properties = session.Properties.ToArray();
                await writes.StartAsync(() => WriteSessionAsync(ns, id, properties, state, token), token).ConfigureAwait(false);
                return true;
            },
            isEnd: async token => !await SessionIdListing.AnyAfterAsync(source, ns, cursor.Last, cursor.Position, token).ConfigureAwait(false),
            onWindowDone: async _ =>
            {
                await writes.DrainAsync().ConfigureAwait(false);
                state.LastSessionId = cursor.Last;
                state.Position = cursor.Position;
                checkpoint.Save();
            },
            cancellationToken)).ConfigureAwait(false);
    }

    private async Task WriteSessionAsync(string ns, string sessionId, byte[] properties, NamespaceProgress state, CancellationToken cancellationToken)
    {
        var written = await _writer.WriteAsync(ns, sessionId, null, properties, cancellationToken).ConfigureAwait(false);
        if (written)
        {
            Interlocked.Increment(ref _written);
            Interlocked.Add(ref _bytes, properties.Length);
            lock (state)
            {
                state.SessionsCopied++;
            }
        }

        progress.Advance(1, written ? properties.Length : 0);
    }

    /// <summary>Runs <paramref name="work"/>, then waits for its writes; when it fails, its writes still finish first.</summary>
    private static async Task WithWritesAsync(InFlightWrites writes, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch
        {
            await writes.WaitQuietlyAsync().ConfigureAwait(false);
            throw;
        }

        await writes.DrainAsync().ConfigureAwait(false);
    }
}
