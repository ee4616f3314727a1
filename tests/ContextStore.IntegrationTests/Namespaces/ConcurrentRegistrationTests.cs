using ContextStore.Namespaces;

namespace ContextStore.IntegrationTests.Namespaces;

/// <summary>N1 called many times at once for one namespace: no call undoes another's TTL change or moves createdAt.</summary>
public class ConcurrentRegistrationTests : StoreTestBase
{
    private const int Trials = 20;

    /// <summary>Two first registrations must interleave read, write and another's read to show a move: rarer.</summary>
    private const int FirstRegistrationTrials = 60;
    private const int CallsPerTrial = 16;

    [Fact]
    public async Task RepeatsWithoutATtlNeverUndoAConcurrentTtlChangeNorMoveCreatedAt()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            var name = $"repeat{trial}";
            await Namespaces.RegisterAsync(Account, name, null, None);
            var createdAt = (await RegistrationAsync(name)).CreatedAt;
            Store.Clock.Advance(TimeSpan.FromMinutes(1));
            var ttl = 100 + trial;

            await RaceAsync(call => Namespaces.RegisterAsync(Account, name, call == CallsPerTrial / 2 ? ttl : null, None));

            var registered = await RegistrationAsync(name);
            Assert.True((createdAt, (int?)ttl) == (registered.CreatedAt, registered.TtlSecond),
                $"trial {trial}: expected createdAt {createdAt:O} and TTL {ttl}, got {registered.CreatedAt:O} and {registered.TtlSecond}");
        }
    }

    [Fact]
    public async Task AmongConcurrentTtlChangesOneOfThemWinsAndRepeatsWithoutATtlNeverClearIt()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            var name = $"changes{trial}";
            await Namespaces.RegisterAsync(Account, name, 7, None);
            var setTtls = Enumerable.Range(0, CallsPerTrial).Where(call => call % 4 == 1).Select(call => 1000 + call).ToHashSet();

            await RaceAsync(call => Namespaces.RegisterAsync(Account, name, call % 4 == 1 ? 1000 + call : null, None));

            var ttl = (await RegistrationAsync(name)).TtlSecond;
            Assert.True(ttl is { } set && setTtls.Contains(set), $"trial {trial}: TTL {ttl?.ToString() ?? "none"} is none of those set");
        }
    }

    [Fact]
    public async Task ConcurrentFirstRegistrationsNeverMoveCreatedAtOnceItIsSeen()
    {
        for (var trial = 0; trial < FirstRegistrationTrials; trial++)
        {
            var name = $"first{trial}";
            var seen = new DateTimeOffset[CallsPerTrial];

            // The clock runs during the race, so each creation would stamp another time.
            using var stop = new CancellationTokenSource();
            var ticking = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Store.Clock.Advance(TimeSpan.FromMilliseconds(1));
                    Thread.Yield();
                }
            });
            await RaceAsync(async call =>
            {
                await Namespaces.RegisterAsync(Account, name, null, None);
                seen[call] = (await RegistrationAsync(name)).CreatedAt;
            });
            await stop.CancelAsync();
            await ticking;

            var createdAt = (await RegistrationAsync(name)).CreatedAt;
            Assert.True(seen.All(s => s == createdAt),
                $"trial {trial}: createdAt moved: seen {string.Join(", ", seen.Distinct().Select(s => s.ToString("O")))}, finally {createdAt:O}");
        }
    }

    /// <summary>Starts every call at once (as far as a gate can) and waits for all of them.</summary>
    private static async Task RaceAsync(Func<int, Task> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, CallsPerTrial)
            .Select(i => Task.Run(async () =>
            {
                await gate.Task;
                await call(i);
            }))
            .ToList();
        gate.SetResult();
        await Task.WhenAll(calls);
    }

    private async Task<RegisteredNamespace> RegistrationAsync(string name) =>
        Assert.Single(await Namespaces.StreamAsync(Account, None).ToListAsync(), n => n.Name == name);
}
