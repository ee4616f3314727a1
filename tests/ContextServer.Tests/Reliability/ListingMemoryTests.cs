using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace ContextServer.Tests.Reliability;

/// <summary>L2's memory stays bounded whatever perPage and the sessions' sizes (docs/contract.md, "Listings").</summary>
[Collection(nameof(MemoryMeasurement))]
[ContextServerOnly("measures the heap of the server in this test process; the Functions worker runs in a process of its own")]
public class ListingMemoryTests(ContextServerForClass contextServer, ITestOutputHelper output) : EndToEndTestBase(contextServer)
{
    /// <summary>The heap growth measured is this test's own server's.</summary>
    protected override Task<IRunningHost> StartHostAsync() => StartOwnServerAsync();

    /// <summary>About one session at the size limit (1.6 MB as .NET text) with its read buffers, and the 64 KB answer buffer.</summary>
    public const long BoundBytes = 16 * 1024 * 1024;

    private const int Sessions = 24;
    private const int ValueCharacters = 780_000;

    [Fact]
    public async Task ListingLargeSessionsWithTheLargestPageHoldsAboutOneSessionInMemory()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Sessions), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await AssertNoContent(Put(A + $"/bots/s{i:00}/properties/big", "\"" + new string((char)('a' + i), ValueCharacters) + "\"")));
        var expectedBytes = 2 + Sessions * ("{\"sessionId\":\"s00\",\"properties\":{\"big\":\"\"}}".Length + ValueCharacters) + (Sessions - 1);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(2);
            }
        });

        var (status, bytes) = await ReadListingAsync(A + "/bots/session-properties?perPage=1000");
        await stop.CancelAsync();
        await sampler;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expectedBytes, bytes);
        var growth = peak - baseline;
        output.WriteLine($"L2 over {Sessions} sessions of {ValueCharacters} characters, perPage=1000: peak heap growth {growth / 1024.0 / 1024:F1} MB");
        Assert.True(growth < BoundBytes, $"Listing {Sessions} sessions of {ValueCharacters} characters grew the heap by {growth / 1024 / 1024.0:F1} MB.");
    }

    /// <summary>Reads the answer as it arrives, counting its bytes, so the client holds none of it.</summary>
    private async Task<(HttpStatusCode Status, long Bytes)> ReadListingAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("maven-api-key", RunningServer.KeyA);
        using var response = await Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        long total = 0;
        var last = (byte)0;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
        {
            total += read;
            last = buffer[read - 1];
        }

        Assert.Equal((byte)']', last);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.WebName, response.Content.Headers.ContentType?.CharSet);
        return (response.StatusCode, total);
    }
}
