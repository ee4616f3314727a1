using System.Diagnostics;
using ContextAdmin.Api;
using ContextAdmin.Progress;
using ContextAdmin.Transfer;

namespace ContextAdmin.JsonLines;

/// <summary>
/// Writes a checked export file (<see cref="ExportFileCheck"/>) into an endpoint. A namespace line is written alone
/// and completes before the lines after it: its registration and TTL are in place before any of its sessions is
/// written. Session TTL and session lines then go in batches written in parallel; the checkpoint moves past a batch
/// once all of its writes completed, so a rerun continues there. What the target refuses of one session goes to the
/// failure log and the import goes on.
/// </summary>
public sealed class ContextImporter(
    ContextApiClient target, ImportCheckpoint checkpoint, ExportFileCheck check, FailureLog failures, int writesInFlight, ITransferProgress progress,
    RetrySelection? retry = null)
{
    private readonly SessionWriter _writer = new(target, failures);
    private readonly HashSet<string> _unregisteredNamespaces = new(StringComparer.Ordinal);
    private long _namespaces;
    private long _sessions;
    private long _ttls;
    private long _bytes;

    public async Task<TransferSummary> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failuresBefore = failures.Added;
        using var reader = new JsonLinesFileReader(path, checkpoint.Offset);
        progress.Start(0);
        if (checkpoint.Resumed)
        {
            progress.Note($"continuing after line {checkpoint.Lines} (byte {checkpoint.Offset} of {reader.Length})");
        }
        else
        {
            foreach (var (line, problem) in check.DamagedLines.OrderBy(d => d.Key))
            {
                failures.Add(new TransferFailure(null, null, $"not imported: {problem}", line));
            }
        }

        var batch = new List<JsonLinesRecord>(writesInFlight);
        var lineNumber = checkpoint.Lines;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } read)
        {
            lineNumber++;
            var record = check.DamagedLines.ContainsKey(lineNumber) ? null : JsonLinesFormat.Read(read.Line);
            switch (record)
            {
                case NamespaceLine ns:
                    await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                    if (retry is null || retry.Touches(ns.Name))
                    {
                        await WriteNamespaceAsync(ns, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case SessionTtlLine or SessionLine when Selected(record):
                    // A record's memory belongs to the reader until the next line: the batch keeps a copy.
                    batch.Add(Detach(record));
                    if (batch.Count == writesInFlight)
                    {
                        await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }

            // The header, the trailer, a damaged line (listed above) and a record not retried need no write.
            if (batch.Count == 0)
            {
                Advance(lineNumber, read.EndOffset);
            }
        }

        await WriteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        Advance(lineNumber, reader.Length);
        progress.Finish();
        return new TransferSummary((int)_namespaces, _sessions, 0, _ttls, _bytes, clock.Elapsed, failures.Added - failuresBefore);
    }

    private bool Selected(JsonLinesRecord record) => retry is null || record switch
    {
        SessionTtlLine ttl => retry.Includes(ttl.Namespace, ttl.SessionId),
        SessionLine session => retry.Includes(session.Namespace, session.SessionId),
        _ => false,
    };

    private void Advance(long lineNumber, long offset)
    {
        checkpoint.Lines = lineNumber;
        checkpoint.Offset = offset;
        checkpoint.Save();
    }

    private async Task WriteNamespaceAsync(NamespaceLine ns, CancellationToken cancellationToken)
    {
        progress.Note($"namespace {ns.Name}");
        if (ns.Registered)
        {
            try
            {
                await target.RegisterNamespaceAsync(ns.Name, ns.TtlSecond, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (SessionWriter.IsTheSessionsOwn(e))
            {
                failures.Add(new TransferFailure(ns.Name, null, $"not registered, so none of its sessions is written: {e.Message}"));
                _unregisteredNamespaces.Add(ns.Name);
                return;
            }
        }

        _unregisteredNamespaces.Remove(ns.Name);
        await _writer.WriteAsync(ns.Name, ContextApiClient.DefaultNamespaceSession, null, ns.Properties, cancellationToken).ConfigureAwait(false);
        _namespaces++;
    }

    private async Task WriteBatchAsync(List<JsonLinesRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await Task.WhenAll(batch.Select(record => WriteRecordAsync(record, cancellationToken))).ConfigureAwait(false);
        batch.Clear();
    }

    private async Task WriteRecordAsync(JsonLinesRecord record, CancellationToken cancellationToken)
    {
        var (ns, sessionId) = record switch
        {
            SessionTtlLine ttl => (ttl.Namespace, ttl.SessionId),
            SessionLine session => (session.Namespace, session.SessionId),
            _ => throw new ArgumentException($"Not a record of a session: {record}.", nameof(record)),
        };
        if (_unregisteredNamespaces.Contains(ns))
        {
            failures.Add(new TransferFailure(ns, sessionId, "not written: its namespace could not be registered"));
            return;
        }

        switch (record)
        {
            case SessionTtlLine ttl:
                if (await _writer.WriteAsync(ns, sessionId, ttl.TtlSecond, "{}"u8.ToArray(), cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _ttls);
                }

                break;
            case SessionLine session:
                var written = await _writer.WriteAsync(ns, sessionId, session.TtlSecond, session.Properties, cancellationToken).ConfigureAwait(false);
                if (written)
                {
                    Interlocked.Increment(ref _sessions);
                    Interlocked.Add(ref _bytes, session.Properties.Length);
                    if (session.TtlSecond is not null)
                    {
                        Interlocked.Increment(ref _ttls);
                    }
                }

                progress.Advance(1, written ? session.Properties.Length : 0);
                break;
        }
    }

    private static JsonLinesRecord Detach(JsonLinesRecord record) => record switch
    {
        SessionLine session => session with { Properties = session.Properties.ToArray() },
        _ => record,
    };
}
