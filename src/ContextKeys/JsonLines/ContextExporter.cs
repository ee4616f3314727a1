using System.Buffers;
using System.Diagnostics;
using ContextKeys.Api;
using ContextKeys.Progress;
using ContextKeys.Transfer;

namespace ContextKeys.JsonLines;

/// <summary>
/// Writes an account's context to a JSON Lines file: per namespace one namespace line (registration, TTL,
/// properties), then one line per session with its properties and its own TTL (sessions that only have a TTL get
/// <c>"properties":{}</c>). Written to a temporary file renamed at the end, so a file by that name is always complete.
/// </summary>
public sealed class ContextExporter(ContextApiClient source, int pageSize, ITransferProgress progress)
{
    public async Task<TransferSummary> ExportAsync(IReadOnlyList<NamespacePlan> plan, string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        long sessions = 0, ttlCount = 0, bytes = 0;
        var full = Path.GetFullPath(path);
        var temporary = full + ".partial";
        progress.Start(plan.Sum(ns => ns.SessionCount));
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var line = new ArrayBufferWriter<byte>(64 * 1024);
                foreach (var ns in plan)
                {
                    progress.Note($"namespace {ns.Name}: {ns.SessionCount} sessions");
                    var properties = await source.GetNamespacePropertiesAsync(ns.Name, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(file, line, new NamespaceLine(ns.Name, ns.Registered, ns.TtlSecond, properties), cancellationToken).ConfigureAwait(false);

                    var ttls = (await source.ListSessionTtlsAsync(ns.Name, cancellationToken).ConfigureAwait(false))
                        .ToDictionary(t => t.SessionId, t => t.TtlSecond, StringComparer.Ordinal);
                    ttlCount += ttls.Count;
                    for (var page = 0; ; page++)
                    {
                        var count = 0;
                        await foreach (var session in source.ListSessionPropertiesAsync(ns.Name, page, pageSize, cancellationToken).ConfigureAwait(false))
                        {
                            count++;
                            if (session.SessionId == ContextApiClient.DefaultNamespaceSession)
                            {
                                progress.Advance(1, 0);
                                continue;
                            }

                            long? ttl = ttls.Remove(session.SessionId, out var own) ? own : null;
                            await WriteAsync(file, line, new SessionLine(ns.Name, session.SessionId, session.Properties, ttl), cancellationToken).ConfigureAwait(false);
                            sessions++;
                            bytes += session.Properties.Length;
                            progress.Advance(1, session.Properties.Length);
                        }

                        if (count < pageSize)
                        {
                            break;
                        }
                    }

                    foreach (var (sessionId, ttl) in ttls.OrderBy(t => t.Key, StringComparer.Ordinal))
                    {
                        await WriteAsync(file, line, new SessionLine(ns.Name, sessionId, "{}"u8.ToArray(), ttl), cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        progress.Finish();
        return new TransferSummary(plan.Count, sessions, 0, ttlCount, bytes, clock.Elapsed);
    }

    private static async Task WriteAsync(FileStream file, ArrayBufferWriter<byte> line, JsonLinesRecord record, CancellationToken cancellationToken)
    {
        line.ResetWrittenCount();
        JsonLinesFormat.Write(line, record);
        await file.WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
