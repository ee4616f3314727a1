using System.Diagnostics;
using ContextAdmin.Api;
using ContextAdmin.Progress;
using ContextAdmin.Transfer;

namespace ContextAdmin.JsonLines;

/// <summary>
/// Writes an account's context to a JSON Lines file: a header (source, account, time); per namespace one namespace
/// line (registration, TTL, properties), one line per session TTL (T2, streamed) and one per session with its
/// properties (L2, walked by a <see cref="ListingCursor"/> so that none that stays live during the export is skipped);
/// a trailer with the counts and the checksum. What the source cannot list of one namespace goes to the failure log
/// and the export goes on with the next namespace.
/// </summary>
public sealed class ContextExporter(ContextApiClient source, int pageSize, FailureLog failures, ITransferProgress progress, TimeProvider clock)
{
    public async Task<TransferSummary> ExportAsync(IReadOnlyList<NamespacePlan> plan, string path, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var failuresBefore = failures.Added;
        long sessions = 0, ttls = 0, bytes = 0;
        progress.Start(plan.Sum(ns => ns.SessionCount));
        var header = new HeaderLine(
            HeaderLine.CurrentVersion,
            source.Endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped),
            source.AccountId,
            clock.GetUtcNow());
        await using (var file = await JsonLinesFileWriter.CreateAsync(path, header, cancellationToken).ConfigureAwait(false))
        {
            foreach (var ns in plan)
            {
                if (ns.Problem is not null)
                {
                    failures.Add(new TransferFailure(ns.Name, null, $"not exported: {ns.Problem}"));
                    continue;
                }

                progress.Note($"namespace {ns.Name}: {ns.SessionCount} sessions");
                var cursor = new ListingCursor(null, 0, pageSize);
                try
                {
                    var properties = await source.GetNamespacePropertiesAsync(ns.Name, cancellationToken).ConfigureAwait(false);
                    await file.WriteAsync(new NamespaceLine(ns.Name, ns.Registered, ns.TtlSecond, properties), cancellationToken).ConfigureAwait(false);
                    await foreach (var ttl in source.StreamSessionTtlsAsync(ns.Name, cancellationToken).ConfigureAwait(false))
                    {
                        await file.WriteAsync(new SessionTtlLine(ns.Name, ttl.SessionId, ttl.TtlSecond), cancellationToken).ConfigureAwait(false);
                        ttls++;
                    }

                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            await cursor.WalkAsync(
                                (window, token) => source.ListSessionPropertiesAsync(ns.Name, window.Page, window.PerPage, token),
                                session => session.SessionId,
                                async (session, token) =>
                                {
                                    if (session.SessionId != ContextApiClient.DefaultNamespaceSession)
                                    {
                                        await file.WriteAsync(new SessionLine(ns.Name, session.SessionId, session.Properties), token).ConfigureAwait(false);
                                        sessions++;
                                        bytes += session.Properties.Length;
                                    }

                                    progress.Advance(1, session.Properties.Length);
                                    return true;
                                },
                                isEnd: async token => !await SessionIdListing.AnyAfterAsync(source, ns.Name, cursor.Last, cursor.Position, token).ConfigureAwait(false),
                                onWindowDone: null,
                                cancellationToken).ConfigureAwait(false);
                            break;
                        }
                        catch (Exception e) when (attempt < ContextCopier.PageAttempts && e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                        {
                            // The cursor goes on after the last session written: none is written twice.
                            progress.Note($"namespace {ns.Name}: {e.Message}; reading the page again ({attempt + 1} of {ContextCopier.PageAttempts})");
                            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception e) when (e is InvalidDataException || SessionWriter.IsTheSessionsOwn(e))
                {
                    var where = cursor.Last is { } last ? $"after session {last}" : "before its first session";
                    failures.Add(new TransferFailure(ns.Name, null, $"stopped {where}, the rest of the namespace was not exported: {e.Message}"));
                }
            }

            await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        progress.Finish();
        return new TransferSummary(plan.Count, sessions, 0, ttls, bytes, stopwatch.Elapsed, failures.Added - failuresBefore);
    }
}
