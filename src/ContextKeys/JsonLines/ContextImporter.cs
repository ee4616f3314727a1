using System.Diagnostics;
using ContextKeys.Api;
using ContextKeys.Progress;
using ContextKeys.Transfer;

namespace ContextKeys.JsonLines;

/// <summary>
/// Writes a JSON Lines export into an endpoint: a namespace line registers the namespace (when it was registered)
/// with its TTL and merges its properties; a session line sets the session's own TTL first (so its expiry counts
/// from the import), then merges its properties. Lines go in batches written in parallel; the checkpoint moves past
/// a batch once all of its writes completed, so a rerun continues there and writes no line twice in a different way.
/// </summary>
public sealed class ContextImporter(ContextApiClient target, ImportCheckpoint checkpoint, int writesInFlight, ITransferProgress progress)
{
    public async Task<TransferSummary> ImportAsync(string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long sessions = 0, ttls = 0, bytes = 0;
        var namespaces = 0;
        using var reader = new JsonLinesFileReader(path, checkpoint.Offset);
        progress.Start(0);
        if (checkpoint.Offset > 0)
        {
            progress.Note($"continuing after line {checkpoint.Lines} (byte {checkpoint.Offset} of {reader.Length})");
        }

        var batch = new List<JsonLinesRecord>(writesInFlight);
        long batchEnd = checkpoint.Offset;
        var lineNumber = checkpoint.Lines;
        while (true)
        {
            var next = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (next is { } line)
            {
                lineNumber++;
                JsonLinesRecord record;
                try
                {
                    record = JsonLinesFormat.Read(line.Line);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{path} line {lineNumber}: {e.Message}", e);
                }

                // A record's memory belongs to the reader until the next line: keep a copy for the batch.
                batch.Add(Detach(record));
                batchEnd = line.EndOffset;
            }

            if (batch.Count == writesInFlight || (next is null && batch.Count > 0))
            {
                await Task.WhenAll(batch.Select(r => WriteAsync(r, cancellationToken))).ConfigureAwait(false);
                foreach (var record in batch)
                {
                    switch (record)
                    {
                        case NamespaceLine:
                            namespaces++;
                            break;
                        case SessionLine session:
                            sessions++;
                            ttls += session.TtlSecond is null ? 0 : 1;
                            bytes += session.Properties.Length;
                            progress.Advance(1, session.Properties.Length);
                            break;
                    }
                }

                checkpoint.Lines += batch.Count;
                checkpoint.Offset = batchEnd;
                checkpoint.Save();
                batch.Clear();
            }

            if (next is null)
            {
                break;
            }
        }

        progress.Finish();
        return new TransferSummary(namespaces, sessions, 0, ttls, bytes, clock.Elapsed);
    }

    private async Task WriteAsync(JsonLinesRecord record, CancellationToken cancellationToken)
    {
        switch (record)
        {
            case NamespaceLine ns:
                if (ns.Registered)
                {
                    await target.RegisterNamespaceAsync(ns.Name, ns.TtlSecond, cancellationToken).ConfigureAwait(false);
                }

                if (!IsEmptyObject(ns.Properties))
                {
                    await target.PatchPropertiesAsync(ns.Name, ContextApiClient.DefaultNamespaceSession, ns.Properties, cancellationToken).ConfigureAwait(false);
                }

                break;
            case SessionLine session:
                if (session.TtlSecond is { } ttl)
                {
                    await target.SetSessionTtlAsync(session.Namespace, session.SessionId, ttl, cancellationToken).ConfigureAwait(false);
                }

                if (!IsEmptyObject(session.Properties))
                {
                    await target.PatchPropertiesAsync(session.Namespace, session.SessionId, session.Properties, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private static JsonLinesRecord Detach(JsonLinesRecord record) => record switch
    {
        NamespaceLine ns => ns with { Properties = ns.Properties.ToArray() },
        SessionLine session => session with { Properties = session.Properties.ToArray() },
        _ => record,
    };

    private static bool IsEmptyObject(ReadOnlyMemory<byte> json) => JsonText.IsEmptyObject(json.Span);
}
