using System.Net;
using System.Text.Json;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>Many writers on one session at once: none of their updates is lost, and If-Match lets exactly one win.</summary>
public class ContentionTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    private const int Writers = 64;

    [Fact]
    public async Task SixtyFourConcurrentPatchesOfDistinctKeysToOneSessionAreAllKept()
    {
        var patches = Enumerable.Range(0, Writers)
            .Select(i => Task.Run(() => Patch($"{A}/crowd/s1/properties", $$"""{"k{{i}}":{{i}}}""")))
            .ToArray();
        var responses = await Task.WhenAll(patches);

        foreach (var response in responses)
        {
            using (response)
            {
                Assert.True(
                    response.StatusCode == HttpStatusCode.NoContent,
                    $"A patch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        using var stored = JsonDocument.Parse(await AssertJson(Get($"{A}/crowd/s1/properties"), HttpStatusCode.OK));
        Assert.Equal(Writers, stored.RootElement.EnumerateObject().Count());
        foreach (var i in Enumerable.Range(0, Writers))
        {
            Assert.Equal(i, stored.RootElement.GetProperty($"k{i}").GetInt32());
        }
    }

    [Fact]
    public async Task OfSixtyFourConcurrentPutsWithTheSameETagExactlyOneWinsAndTheRestAre412()
    {
        await AssertNoContent(Put($"{A}/crowd/s2/properties/winner", "\"nobody\""));
        string etag;
        using (var read = await Get($"{A}/crowd/s2/properties"))
        {
            etag = read.Headers.ETag!.ToString();
        }

        var puts = Enumerable.Range(0, Writers)
            .Select(i => Task.Run(async () =>
            {
                using var response = await Put($"{A}/crowd/s2/properties/winner", $"\"writer-{i}\"", ifMatch: etag);
                return (Writer: i, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }))
            .ToArray();
        var results = await Task.WhenAll(puts);

        Assert.All(results, r => Assert.True(
            r.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.PreconditionFailed, $"writer-{r.Writer} got {(int)r.StatusCode}: {r.Body}"));
        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(Writers - 1, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.All(results.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed), r =>
            Assert.False(string.IsNullOrWhiteSpace(JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetString())));
        Assert.Equal($"\"writer-{winner.Writer}\"", await AssertJson(Get($"{A}/crowd/s2/properties/winner"), HttpStatusCode.OK));
    }

    /// <summary>
    /// Trials of concurrent PUTs of one property; for every ETag a write answered with, If-Match succeeds only when no
    /// acknowledged write came after it. CONTEXT_ETAG_TRIALS sets the number of trials (the 1,000 run that way).
    /// </summary>
    [Fact]
    public async Task AnETagThatAWriteAnswersWithNeverHidesALaterAcknowledgedWrite()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("CONTEXT_ETAG_TRIALS"), out var n) ? n : 20;
        for (var trial = 0; trial < trials; trial++)
        {
            var path = $"{A}/crowd/etags-{trial}/properties/counter";
            await AssertNoContent(Put(path, "-1"));
            var writes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            {
                using var response = await Put(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                return (Value: i, ETag: response.Headers.ETag?.ToString());
            })));

            string current;
            string stored;
            using (var read = await Get(path))
            {
                current = read.Headers.ETag!.ToString();
                stored = await read.Content.ReadAsStringAsync();
            }

            // The version read last was saved by one batch, whose last write alone answered with it.
            var holder = Assert.Single(writes, w => w.ETag == current);
            Assert.Equal(stored, holder.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var stale in writes.Where(w => w.ETag is not null && w.ETag != current))
            {
                using var refused = await Put(path, "\"stale\"", ifMatch: stale.ETag);
                Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
            }

            await AssertNoContent(Put(path, "\"last\"", ifMatch: holder.ETag));
        }
    }
}
