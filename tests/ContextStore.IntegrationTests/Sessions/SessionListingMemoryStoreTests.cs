using ContextStore.Testing;
using Xunit.Abstractions;

namespace ContextStore.IntegrationTests.Sessions;

/// <summary>L2 reads a page's sessions within its budget by what is stored, not by the sizes the page was found with.</summary>
[Collection(nameof(ContextStore.IntegrationTests.HeapMeasurement))]
public class SessionListingMemoryStoreTests(ITestOutputHelper output) : StoreTestBase
{
    /// <summary>About one session at the size limit as .NET text (1.6 MB) with the bytes it was read from, twice over.</summary>
    private const long BoundBytes = 12 * 1024 * 1024;

    private const int Sessions = 24;
    private const int GrownCharacters = 780_000;

    [Fact]
    public async Task SessionsThatGrewAfterThePageWasFoundAreNotReadAllAtOnce()
    {
        for (var i = 0; i < Sessions; i++)
        {
            await WriteAsync(Session("bots", $"s{i:00}"), """{"big":"small"}""");
        }

        var page = await Listing.ListPageAsync(Account, "bots", new Contract.PageRequest(0, 1000), None);
        for (var i = 0; i < Sessions; i++)
        {
            await WriteAsync(Session("bots", $"s{i:00}"), $$"""{"big":"{{new string((char)('a' + i), GrownCharacters)}}"}""");
        }

        await using var heap = HeapPeak.Start();

        var listed = 0;
        await foreach (var session in Listing.ReadSessionsAsync(Account, "bots", page, None))
        {
            Assert.Equal(GrownCharacters + """{"big":""}""".Length, session.Properties.Json.Length);
            listed++;

            // A client that reads the answer slowly: what the listing read ahead waits in memory meanwhile.
            await Task.Delay(20);
        }

        var growth = await heap.StopAsync();
        output.WriteLine($"{Sessions} sessions grown to {GrownCharacters} characters after the page was found: peak heap growth {growth / 1024.0 / 1024:F1} MB");
        Assert.Equal(Sessions, listed);
        Assert.True(growth < BoundBytes, $"The listing grew the heap by {growth / 1024.0 / 1024:F1} MB.");
    }
}
