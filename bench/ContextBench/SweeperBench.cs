using System.Diagnostics;
using ContextStore.Contract;
using ContextStore.Expiry;
using ContextStore.Storage;

namespace ContextBench;

/// <param name="Sweeps">Sweeps run back to back until nothing expired was left.</param>
public sealed record SweepResult(int LiveSessions, int ExpiredSessions, int Removed, int Sweeps, double Milliseconds, RequestCounts Requests,
    double EmptySweepMilliseconds, RequestCounts EmptySweepRequests);

/// <summary>
/// The sweep on a container of its own holding 1,000 live sessions and N expired ones that Cosmos DB's own TTL does not
/// cover (documents from before native TTL: no ttl), through a counted Cosmos client, unpaced and with a per-run limit of
/// N (one sweep); then a sweep with nothing to remove.
/// </summary>
public sealed class SweeperBench(BenchHost host, Action<string> progress)
{
    public const int Live = 1_000;

    public async Task<IReadOnlyList<SweepResult>> RunAsync(params int[] expiredCounts)
    {
        var results = new List<SweepResult>();
        foreach (var expired in expiredCounts)
        {
            results.Add(await RunAsync(expired));
        }

        return results;
    }

    private async Task<SweepResult> RunAsync(int expired)
    {
        await using var store = await BenchStore.StartAsync(host.Options, $"sweep-{expired}-{Guid.NewGuid():N}", new Dictionary<string, string?>
        {
            ["Sweeper:MaxRemovalsPerRun"] = $"{expired}",
            ["Sweeper:MaxRemovalsPerSecond"] = "100000",
        });
        var sweeper = store.Get<ExpiredSessionSweeper>();
        // Uncounted: the client's metadata caches for the new container fill here.
        await sweeper.SweepAsync(CancellationToken.None);

        progress($"sweeper: seeding {Live:N0} live and {expired:N0} expired sessions without Cosmos DB's ttl");
        var now = DateTimeOffset.UtcNow;
        var documents = Enumerable.Range(0, Live + expired).Select(i =>
        {
            var key = new SessionKey(BenchHost.Account, $"ns-{i % 20}", $"s-{i}");
            var expiresAt = i < expired ? now.AddMinutes(-1).ToUnixTimeMilliseconds()
                : i % 2 == 0 ? now.AddHours(1).ToUnixTimeMilliseconds()
                : SessionExpiry.Never;
            return Documents.Session(key, Documents.TypicalProperties, now.AddHours(-1), expiresAt);
        });
        await Documents.UpsertManyAsync(store.Container, documents);

        progress($"sweeper: removing {expired:N0} expired among {Live:N0} live");
        store.Counter.Reset();
        var started = Stopwatch.GetTimestamp();
        var removed = 0;
        var sweeps = 0;
        while (removed < expired)
        {
            var report = await sweeper.SweepAsync(CancellationToken.None);
            removed += report.Removed;
            sweeps++;
            if (report.Removed == 0)
            {
                break;
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var requests = store.Counter.Reset();

        started = Stopwatch.GetTimestamp();
        await sweeper.SweepAsync(CancellationToken.None);
        var emptyElapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var emptyRequests = store.Counter.Reset();
        progress($"  removed {removed:N0} in {elapsed:0} ms ({sweeps} sweep(s)) with {requests.Total:N0} Cosmos requests " +
                 $"({requests.Writes:N0} deletes, {requests.Queries:N0} query pages); a sweep with nothing to remove: {emptyElapsed:0} ms, {emptyRequests.Total} requests");
        return new SweepResult(Live, expired, removed, sweeps, elapsed, requests, emptyElapsed, emptyRequests);
    }
}
