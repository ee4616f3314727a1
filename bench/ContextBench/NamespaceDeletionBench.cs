using System.Diagnostics;
using System.Globalization;
using ContextStore.Contract;
using ContextStore.Expiry;
using ContextStore.Namespaces;
using ContextStore.Sessions;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <param name="AnswerMilliseconds">N3's answer time: one write of the namespace's document, then the wait for other instances' caches.</param>
/// <param name="RemovalMilliseconds">Sweeps back to back, unpaced, until no document of the namespace was left.</param>
public sealed record NamespaceDeletionResult(int Sessions, double AnswerMilliseconds, RequestCounts AnswerRequests, double FirstReadsMilliseconds,
    int SessionsListedAfter, double RemovalMilliseconds, int Sweeps, RequestCounts RemovalRequests, int DefaultMaxRemovalsPerRun, int DefaultMaxRemovalsPerSecond)
{
    /// <summary>What the default limits make of the same removal: seconds of paced deleting.</summary>
    public double PacedSeconds => (double)Sessions / DefaultMaxRemovalsPerSecond;

    public string Table() => string.Create(CultureInfo.InvariantCulture,
        $"""
         N3 of a namespace of {Sessions:N0} sessions (store services, counted Cosmos client)
           answer: {AnswerMilliseconds:0} ms, {AnswerRequests.Total} Cosmos requests; then L1, T2 and a read answered in {FirstReadsMilliseconds:0} ms, listing {SessionsListedAfter} sessions
           removal: {RemovalMilliseconds / 1000:0.0} s over {Sweeps} sweeps of at most {DefaultMaxRemovalsPerRun:N0}, unpaced, {RemovalRequests.Total:N0} Cosmos requests ({RemovalRequests.Writes:N0} deletes, {RemovalRequests.Queries:N0} query pages)
           with the default pace of {DefaultMaxRemovalsPerSecond}/s: {PacedSeconds / 60:0} min of deleting, spread over {Sweeps} sweeps

         """);

    public object Json() => new
    {
        sessions = Sessions,
        answerMilliseconds = Math.Round(AnswerMilliseconds, 1),
        answerCosmosRequests = AnswerRequests.Total,
        readsAfterMilliseconds = Math.Round(FirstReadsMilliseconds, 1),
        sessionsListedAfter = SessionsListedAfter,
        removalMilliseconds = Math.Round(RemovalMilliseconds, 1),
        sweeps = Sweeps,
        removalCosmosRequests = RemovalRequests.Total,
        removalDeletes = RemovalRequests.Writes,
        removalQueryPages = RemovalRequests.Queries,
        defaultMaxRemovalsPerRun = DefaultMaxRemovalsPerRun,
        defaultMaxRemovalsPerSecond = DefaultMaxRemovalsPerSecond,
        pacedSeconds = Math.Round(PacedSeconds),
    };
}

/// <summary>
/// N3 of a namespace holding N sessions, seeded straight into a container of its own: N3's answer time, that nothing of
/// the namespace is listed or read right after, and the sweeps that remove its documents, back to back and unpaced, with
/// the default per-run limit.
/// </summary>
public sealed class NamespaceDeletionBench(BenchHost host, Action<string> progress)
{
    private const string Namespace = "big";

    public async Task<NamespaceDeletionResult> RunAsync(int sessions)
    {
        var limits = new SweepLimits();
        await using var store = await BenchStore.StartAsync(host.Options, $"n3-{sessions}-{Guid.NewGuid():N}", new Dictionary<string, string?>
        {
            ["Sweeper:MaxRemovalsPerSecond"] = "100000",
        });
        var registry = store.Get<NamespaceRegistry>();
        var sweeper = store.Get<ExpiredSessionSweeper>();
        var removal = store.Get<NamespaceRemoval>();
        // Uncounted: metadata caches of the new container.
        await registry.RegisterAsync(BenchHost.Account, "warm-up", null, CancellationToken.None);
        await sweeper.SweepAsync(CancellationToken.None);

        progress($"N3: seeding {sessions:N0} sessions of one namespace");
        var now = DateTimeOffset.UtcNow;
        await registry.RegisterAsync(BenchHost.Account, Namespace, 86_400, CancellationToken.None);
        await Documents.UpsertManyAsync(store.Container, Enumerable.Range(0, sessions).Select(i =>
            Documents.Session(new SessionKey(BenchHost.Account, Namespace, $"s-{i:000000}"), Documents.TypicalProperties, now, now.AddDays(1).ToUnixTimeMilliseconds())));

        progress($"N3: deleting the namespace of {sessions:N0} sessions");
        store.Counter.Reset();
        var started = Stopwatch.GetTimestamp();
        await registry.DeleteAsync(BenchHost.Account, Namespace, CancellationToken.None);
        var answer = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var answerRequests = store.Counter.Reset();

        started = Stopwatch.GetTimestamp();
        var listed = (await store.Get<SessionListing>().ListIdsAsync(BenchHost.Account, Namespace, PageRequest.First, CancellationToken.None)).Count
                     + await store.Get<SessionTtls>().StreamAsync(BenchHost.Account, Namespace, CancellationToken.None).CountAsync()
                     + (await store.Get<SessionProperties>().GetAsync(new SessionKey(BenchHost.Account, Namespace, "s-000001"), null, CancellationToken.None)).Properties.Count;
        var reads = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        progress($"  answered in {answer:0} ms; L1, T2 and S3 right after: {listed} sessions or properties, in {reads:0} ms");

        store.Counter.Reset();
        started = Stopwatch.GetTimestamp();
        var sweeps = 0;
        // Counted through the bench's own client, so that the store's counter sees only the sweeps.
        var uncounted = host.RawClient.GetContainer(host.Options.Database, store.Container.Id);
        while (await CountStoredAsync(uncounted) > 0)
        {
            var report = await sweeper.SweepAsync(CancellationToken.None);
            sweeps++;
            progress($"  sweep {sweeps}: removed {report.Namespaces.SessionsRemoved:N0}");
        }

        var removalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var removalRequests = store.Counter.Reset();
        progress($"  removed in {removalMs / 1000:0.0} s over {sweeps} sweeps, {removalRequests.Total:N0} Cosmos requests; " +
                 $"the namespace is marked finished by the first sweep after {removal.SettleTime.TotalSeconds:0} s");
        return new NamespaceDeletionResult(sessions, answer, answerRequests, reads, listed, removalMs, sweeps, removalRequests,
            limits.MaxRemovalsPerRun, limits.MaxRemovalsPerSecond);
    }

    private static async Task<int> CountStoredAsync(Container container)
    {
        var query = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.accountId = @a AND c['namespace'] = @ns AND c.kind = 'session'")
            .WithParameter("@a", BenchHost.Account).WithParameter("@ns", Namespace);
        using var iterator = container.GetItemQueryIterator<int>(query, requestOptions: new QueryRequestOptions
        {
            PartitionKey = new PartitionKeyBuilder().Add(BenchHost.Account).Add(Namespace).Build(),
        });
        return (await iterator.ReadNextAsync()).Single();
    }
}
