using System.Diagnostics;
using ContextStore;
using ContextStore.Cosmos;
using ContextStore.Expiry;
using ContextStore.Names;
using ContextStore.Sessions;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContextBench;

public sealed record SweepResult(int LiveSessions, int ExpiredSessions, int Removed, double Milliseconds, RequestCounts Requests,
    double EmptySweepMilliseconds, RequestCounts EmptySweepRequests);

/// <summary>
/// The expired-session sweeper on a container of its own holding N live sessions and 100 expired ones, through
/// the server's (counted) Cosmos client. Sessions are raw upserts of documents shaped like SessionDocument.
/// </summary>
public sealed class SweeperBench(BenchHost host, Action<string> progress)
{
    public const int Expired = 100;

    public async Task<IReadOnlyList<SweepResult>> RunAsync(params int[] liveCounts)
    {
        var results = new List<SweepResult>();
        foreach (var live in liveCounts)
        {
            results.Add(await RunAsync(live));
        }

        return results;
    }

    private async Task<SweepResult> RunAsync(int live)
    {
        var name = $"sweep-{live}-{Guid.NewGuid():N}";
        var database = host.ServerClient.GetDatabase(host.Options.Database);
        await database.CreateContainerIfNotExistsAsync(ContextContainer.Properties(name));
        var serverContainer = host.ServerClient.GetContainer(host.Options.Database, name);
        // The local server answers the expiry query by scanning every document, which at 20,000 can take longer than
        // the API's 10 s request timeout on a busy machine; Cosmos DB answers it from the range index.
        var sweeperOptions = Microsoft.Extensions.Options.Options.Create(new CosmosOptions
        {
            Endpoint = host.Options.Endpoint,
            Database = host.Options.Database,
            RequestTimeout = TimeSpan.FromMinutes(2),
        });
        var sweeper = new ExpiredSessionSweeper(
            new CosmosContextRepository(new ContextContainer(serverContainer), new CosmosJson(), sweeperOptions),
            TimeProvider.System,
            NullLogger<ExpiredSessionSweeper>.Instance);
        try
        {
            // Uncounted: the client's metadata caches for the new container fill here.
            await sweeper.SweepAsync(CancellationToken.None);

            progress($"sweeper: seeding {live:N0} live and {Expired} expired sessions");
            var now = DateTimeOffset.UtcNow;
            var documents = Enumerable.Range(0, live + Expired).Select(i =>
            {
                var key = new SessionKey(BenchHost.Account, $"ns-{i % 20}", $"s-{i}");
                var expiresAt = i < Expired ? now.AddMinutes(-1).ToUnixTimeMilliseconds()
                    : i % 2 == 0 ? now.AddHours(1).ToUnixTimeMilliseconds()
                    : SessionExpiry.Never;
                return Documents.Session(key, Documents.TypicalProperties, now.AddHours(-1), expiresAt);
            });
            await Documents.UpsertManyAsync(host.RawClient.GetContainer(host.Options.Database, name), documents);

            progress($"sweeper: removing {Expired} expired among {live:N0} live");
            host.ServerCounter.Reset();
            var started = Stopwatch.GetTimestamp();
            var removed = await sweeper.SweepAsync(CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var requests = host.ServerCounter.Reset();

            started = Stopwatch.GetTimestamp();
            await sweeper.SweepAsync(CancellationToken.None);
            var emptyElapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var emptyRequests = host.ServerCounter.Reset();
            progress($"  removed {removed} in {elapsed:0} ms with {requests.Total} Cosmos requests; a sweep with nothing to remove: {emptyElapsed:0} ms");
            return new SweepResult(live, Expired, removed, elapsed, requests, emptyElapsed, emptyRequests);
        }
        finally
        {
            try
            {
                await serverContainer.DeleteContainerAsync();
            }
            catch (CosmosException)
            {
                // Gone already.
            }
        }
    }
}
