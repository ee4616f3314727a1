using System.Net;
using System.Text;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Storage;
using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>L2's memory stays bounded whatever perPage and the sessions' sizes (docs/contract.md, "Listings").</summary>
[Collection(nameof(MemoryMeasurement))]
[ContextServerOnly("measures the heap of the server in this test process; the Functions worker runs in a process of its own")]
public class ListingMemoryTests(ContextServerForClass contextServer, ITestOutputHelper output) : EndToEndTestBase(contextServer)
{
    /// <summary>The heap growth measured is this test's own server's.</summary>
    protected override Task<IRunningHost> StartHostAsync() => StartOwnServerAsync();

    /// <summary>About one session at the size limit (1.6 MB as .NET text) with its read buffers, and the 64 KB answer buffer.</summary>
    public const long BoundBytes = 16 * 1024 * 1024;

    /// <summary>
    /// One feed page of 1,000 rows with ids of 200 characters as the SDK reads it (bytes and .NET objects), and the 64 KB
    /// answer buffer; all 10,000 rows held at once take about 18 MB.
    /// </summary>
    private const long FeedPageBoundBytes = 8 * 1024 * 1024;

    private const int Sessions = 24;
    private const int ValueCharacters = 780_000;

    [Fact]
    public async Task ListingLargeSessionsWithTheLargestPageHoldsAboutOneSessionInMemory()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Sessions), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await AssertNoContent(Put(A + $"/bots/s{i:00}/properties/big", "\"" + new string((char)('a' + i), ValueCharacters) + "\"")));
        var expectedBytes = 2 + Sessions * ("{\"sessionId\":\"s00\",\"properties\":{\"big\":\"\"}}".Length + ValueCharacters) + (Sessions - 1);

        await using var heap = HeapPeak.Start();

        var (status, bytes) = await ReadListingAsync(A + "/bots/session-properties?perPage=1000");
        var growth = await heap.StopAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expectedBytes, bytes);
        output.WriteLine($"L2 over {Sessions} sessions of {ValueCharacters} characters, perPage=1000: peak heap growth {growth / 1024.0 / 1024:F1} MB");
        Assert.True(growth < BoundBytes, $"Listing {Sessions} sessions of {ValueCharacters} characters grew the heap by {growth / 1024 / 1024.0:F1} MB.");
    }

    [Fact]
    public async Task ListingTensOfThousandsOfSessionTtlsAndNamespacesHoldsAboutOneFeedPageInMemory()
    {
        const int Rows = 10_000;
        var server = (RunningServer)Server;
        var container = server.Services.GetRequiredService<ContextContainer>().Container;
        var account = Server.AccountA;
        var createdAt = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await Parallel.ForEachAsync(Enumerable.Range(0, Rows), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var session = new SessionDocument
            {
                AccountId = account,
                Namespace = "bots",
                SessionId = $"session-{i:000000}-{new string('x', 200)}",
                TtlSecond = 600,
                TtlCreatedAt = createdAt,
            };
            await container.CreateItemAsync(session, ContextContainer.SessionPartition(session.Key), cancellationToken: ct);
            var registration = new NamespaceDocument { AccountId = account, Name = $"ns-{i:000000}-{new string('y', 118)}", CreatedAt = createdAt };
            await container.CreateItemAsync(registration, ContextContainer.SessionPartition(
                new SessionKey(account, NamespaceDocument.RegistryPartition, registration.Name)), cancellationToken: ct);
        });

        var ttlRow = $$"""{"sessionId":"session-000000-{{new string('x', 200)}}","createdAt":"2026-12-04T12:00:00.000Z","ttlSecond":600}""";
        var namespaceRow = $$"""{"name":"ns-000000-{{new string('y', 118)}}","createdAt":"2026-12-04T12:00:00.000Z"}""";
        foreach (var (path, row) in new[] { (A + "/namespace/bots/session", ttlRow), (A, namespaceRow) })
        {
            // Once before measuring, so that what the first call of a kind sets up for good (serializer metadata, the
            // SDK's query pipeline) is not counted as the listing's memory.
            await ReadListingAsync(path);
            await using var heap = HeapPeak.Start();

            var (status, bytes) = await ReadListingAsync(path);
            var growth = await heap.StopAsync();

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(2L + (Rows * (row.Length + 1L)) - 1, bytes);
            output.WriteLine($"{path} over {Rows} rows: peak heap growth {growth / 1024.0 / 1024:F1} MB");
            Assert.True(growth < FeedPageBoundBytes, $"Listing {Rows} rows of {path} grew the heap by {growth / 1024.0 / 1024:F1} MB.");
        }
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
