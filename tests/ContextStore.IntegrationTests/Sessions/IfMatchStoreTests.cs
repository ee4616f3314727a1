using ContextStore.Sessions;

namespace ContextStore.IntegrationTests.Sessions;

/// <summary>If-Match conditions (parsed by the HTTP layer) as the store applies them to writes of one session.</summary>
public class IfMatchStoreTests : StoreTestBase
{
    [Fact]
    public async Task ConcurrentWritesWithAStarOnAnExistingSessionAllSaveAndLoseNoUpdate()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"first":0}""");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => Properties.SetAsync(key, $"p{i:D2}", Value("1"), WritePrecondition.AnyLiveVersion, None))));

        Assert.All(results, r => Assert.Equal(WriteStatus.Saved, r.Status));
        Assert.Equal(17, (await Properties.GetAsync(key, null, None)).Properties.Count);
    }

    [Fact]
    public async Task AStarOnASessionWithoutDocumentIsAMismatchAndWritesNothing()
    {
        var key = Session("bots", "absent");

        Assert.Equal(WriteStatus.VersionMismatch, (await Properties.SetAsync(key, "a", Value("1"), WritePrecondition.AnyLiveVersion, None)).Status);
        Assert.Equal("{}", await ReadAsync(key));
    }

    [Fact]
    public async Task AListHoldingTheCurrentVersionAmongOthersWrites()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");
        var etag = (await Properties.GetAsync(key, null, None)).ETag;

        var result = await Properties.SetAsync(key, "a", Value("2"), WritePrecondition.OneOf(["\"stale\"", SessionVersions.Quoted(etag)]), None);

        Assert.Equal(WriteStatus.Saved, result.Status);
        Assert.Equal("""{"a":2}""", await ReadAsync(key));
    }
}
