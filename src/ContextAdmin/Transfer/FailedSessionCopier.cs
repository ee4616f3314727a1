using System.Diagnostics;
using ContextAdmin.Api;
using ContextAdmin.Progress;

namespace ContextAdmin.Transfer;

/// <summary>
/// Copies again the sessions a failures file lists one by one: each read from the source as it is now (S3, and its
/// own TTL from T2), then written as a copy writes it. A session the source no longer holds is left alone.
/// </summary>
public sealed class FailedSessionCopier(ContextApiClient source, ContextApiClient target, FailureLog failures, ITransferProgress progress)
{
    private readonly SessionWriter _writer = new(target, failures);

    public async Task<TransferSummary> CopyAsync(IEnumerable<(string Namespace, IReadOnlyCollection<string> SessionIds)> sessions, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failuresBefore = failures.Added;
        var namespaces = 0;
        long written = 0, ttlCount = 0, bytes = 0;
        progress.Start(0);
        foreach (var (ns, ids) in sessions)
        {
            namespaces++;
            progress.Note($"namespace {ns}: {ids.Count} sessions to copy again");
            Dictionary<string, long> ttls;
            try
            {
                ttls = new Dictionary<string, long>(StringComparer.Ordinal);
                await foreach (var ttl in source.StreamSessionTtlsAsync(ns, cancellationToken).ConfigureAwait(false))
                {
                    if (ids.Contains(ttl.SessionId))
                    {
                        ttls[ttl.SessionId] = ttl.TtlSecond;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException || SessionWriter.IsTheSessionsOwn(e))
            {
                foreach (var id in ids)
                {
                    failures.Add(new TransferFailure(ns, id, $"not copied: the source's session TTLs of the namespace could not be read: {e.Message}"));
                }

                continue;
            }

            foreach (var id in ids.Order(StringComparer.Ordinal))
            {
                byte[] properties;
                try
                {
                    properties = await source.GetSessionPropertiesAsync(ns, id, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidDataException || SessionWriter.IsTheSessionsOwn(e))
                {
                    failures.Add(new TransferFailure(ns, id, $"not copied: {e.Message}"));
                    continue;
                }

                long? ttl = ttls.TryGetValue(id, out var own) ? own : null;
                if (JsonText.IsEmptyObject(properties) && ttl is null)
                {
                    progress.Note($"namespace {ns} session {id}: no longer at the source; nothing to copy");
                    continue;
                }

                if (await _writer.WriteAsync(ns, id, ttl, properties, cancellationToken).ConfigureAwait(false))
                {
                    written++;
                    bytes += properties.Length;
                    ttlCount += ttl is null ? 0 : 1;
                    progress.Advance(1, properties.Length);
                }
            }
        }

        progress.Finish();
        return new TransferSummary(namespaces, written, 0, ttlCount, bytes, clock.Elapsed, failures.Added - failuresBefore);
    }
}
