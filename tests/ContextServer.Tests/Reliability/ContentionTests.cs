using System.Net;
using System.Text.Json;

namespace ContextServer.Tests.Reliability;

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
}
