using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Sessions;

namespace ContextStore.IntegrationTests.Sessions;

public class SessionPropertiesStoreTests : StoreTestBase
{
    [Fact]
    public async Task MergedPropertiesRoundTripEveryJsonKindUnchanged()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"s":"myValue1","i":2,"d":1.5,"t":true,"f":false,"n":null,"a":[1,"x",{"y":[]}],"o":{"p":{"q":"r"}}}""");

        Assert.Equal("""{"a":[1,"x",{"y":[]}],"d":1.5,"f":false,"i":2,"n":null,"o":{"p":{"q":"r"}},"s":"myValue1","t":true}""", await ReadAsync(key));
    }

    [Fact]
    public async Task PatchIsAShallowMergeWhereANestedObjectReplacesTheOldValueWhole()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"keep":1,"nested":{"a":1,"b":2}}""");
        await WriteAsync(key, """{"nested":{"c":3},"added":"x"}""");

        Assert.Equal("""{"added":"x","keep":1,"nested":{"c":3}}""", await ReadAsync(key));
    }

    [Fact]
    public async Task NullIsStoredAsNullNotADelete()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");
        await WriteAsync(key, """{"a":null}""");

        var value = await Properties.GetOneAsync(key, "a", None);
        Assert.NotNull(value);
        Assert.Equal("null", value.Json);
    }

    [Fact]
    public async Task SettingOnePropertyLeavesTheOthers()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1,"b":2}""");
        await Properties.SetAsync(key, "b", Value("[1,2]"), null, None);

        Assert.Equal("""{"a":1,"b":[1,2]}""", await ReadAsync(key));
    }

    [Fact]
    public async Task OnePropertyReadsAsItsBareValueAndAMissingOneAsNull()
    {
        var key = Session("bots", "s1");
        await Properties.SetAsync(key, "myKey1", Value("\"myValue1\""), null, None);

        Assert.Equal("\"myValue1\"", (await Properties.GetOneAsync(key, "myKey1", None))!.Json);
        Assert.Null(await Properties.GetOneAsync(key, "missing", None));
        Assert.Null(await Properties.GetOneAsync(Session("bots", "unknown"), "myKey1", None));
    }

    [Fact]
    public async Task IncludeSelectsTheListedPropertiesThatExist()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1,"b":2,"c":3}""");

        var selected = await Properties.GetAsync(key, ["a", "c", "missing"], None);
        Assert.Equal("""{"a":1,"c":3}""", Compact(selected.Properties));
    }

    [Fact]
    public async Task AnUnknownSessionReadsAsEmpty() =>
        Assert.Equal("{}", await ReadAsync(Session("bots", "never-written")));

    [Fact]
    public async Task TheSameSessionIdUnderTwoNamespacesIsTwoSessions()
    {
        await WriteAsync(Session("bots", "s1"), """{"who":"bots"}""");
        await WriteAsync(Session("agents", "s1"), """{"who":"agents"}""");

        Assert.Equal("""{"who":"bots"}""", await ReadAsync(Session("bots", "s1")));
        Assert.Equal("""{"who":"agents"}""", await ReadAsync(Session("agents", "s1")));
    }

    [Fact]
    public async Task TheSameSessionUnderTwoAccountsIsTwoSessions()
    {
        await WriteAsync(new SessionKey("acc1", "bots", "s1"), """{"who":1}""");
        await WriteAsync(new SessionKey("acc2", "bots", "s1"), """{"who":2}""");

        Assert.Equal("""{"who":1}""", Compact((await Properties.GetAsync(new SessionKey("acc1", "bots", "s1"), null, None)).Properties));
    }

    [Fact]
    public async Task NamesAreCaseSensitive()
    {
        await WriteAsync(Session("bots", "S1"), """{"Key":1,"key":2}""");

        Assert.Equal("{}", await ReadAsync(Session("bots", "s1")));
        Assert.Equal("""{"Key":1,"key":2}""", await ReadAsync(Session("bots", "S1")));
    }

    [Fact]
    public async Task NamespacePropertiesAreThePropertiesOfTheDefaultSession()
    {
        await WriteAsync(SessionKey.NamespaceDefault(Account, "bots"), """{"shared":true}""");

        Assert.Equal("""{"shared":true}""", await ReadAsync(Session("bots", ContextLimits.DefaultSessionId)));
    }

    [Fact]
    public async Task DeletingAPropertyRemovesOnlyItAndIsIdempotent()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1,"b":2}""");

        Assert.Equal(WriteStatus.Saved, (await Properties.DeleteAsync(key, "a", null, None)).Status);
        Assert.Equal(WriteStatus.Saved, (await Properties.DeleteAsync(key, "a", null, None)).Status);
        Assert.Equal(WriteStatus.Saved, (await Properties.DeleteAsync(Session("bots", "nobody"), "a", null, None)).Status);
        Assert.Equal("""{"b":2}""", await ReadAsync(key));
    }

    [Fact]
    public async Task DeletingAllPropertiesEmptiesTheSession()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1,"b":2}""");
        await Properties.DeleteAllAsync(key, null, None);

        Assert.Equal("{}", await ReadAsync(key));
    }

    [Fact]
    public async Task AWriteThatWouldPassTheSizeLimitSavesNothing()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"old":"value"}""");
        var overhead = """{"old":"value","big":""}""".Length;
        var tooBig = new Dictionary<string, JsonElement>
        {
            ["big"] = JsonSerializer.SerializeToElement(new string('x', ContextLimits.MaxSessionPropertiesCharacters - overhead + 1)),
        };

        Assert.Equal(WriteStatus.DocumentTooLarge, (await Properties.MergeAsync(key, tooBig, null, None)).Status);
        Assert.Equal("""{"old":"value"}""", await ReadAsync(key));
    }

    [Fact]
    public async Task TheSizeLimitIsCheckedOnTheMergedResult()
    {
        var key = Session("bots", "s1");
        var half = ContextLimits.MaxSessionPropertiesCharacters / 2;
        await Properties.SetAsync(key, "a", JsonSerializer.SerializeToElement(new string('a', half)), null, None);

        var result = await Properties.SetAsync(key, "b", JsonSerializer.SerializeToElement(new string('b', half)), null, None);

        Assert.Equal(WriteStatus.DocumentTooLarge, result.Status);
        Assert.Null(await Properties.GetOneAsync(key, "b", None));
    }

    [Fact]
    public async Task ConcurrentWritersOfDistinctPropertiesLoseNone()
    {
        var key = Session("bots", "busy");
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            Properties.MergeAsync(key, Json($$"""{"p{{i}}":{{i}}}"""), null, None)));

        var stored = (await Properties.GetAsync(key, null, None)).Properties;
        Assert.Equal(32, stored.Count);
        Assert.All(Enumerable.Range(0, 32), i => Assert.Equal($"{i}", stored.Values[$"p{i}"]));
    }

    [Fact]
    public async Task TwoHundredConcurrentWritersOfOneSessionAllSucceedAndLoseNothing()
    {
        var key = Session("bots", "hot");
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Properties.MergeAsync(key, Json($$"""{"p{{i}}":{{i}}}"""), null, None)));

        Assert.All(results, result => Assert.Equal(WriteStatus.Saved, result.Status));
        var stored = (await Properties.GetAsync(key, null, None)).Properties;
        Assert.Equal(200, stored.Count);
    }

    [Fact]
    public async Task InABatchOnlyTheWriteThatWouldPassTheLimitIsRefused()
    {
        var key = Session("bots", "batch");
        var half = ContextLimits.MaxSessionPropertiesCharacters / 2;
        var results = await Task.WhenAll(
            Properties.SetAsync(key, "a", JsonSerializer.SerializeToElement(new string('a', half)), null, None),
            Properties.SetAsync(key, "b", JsonSerializer.SerializeToElement(new string('b', half)), null, None),
            Properties.SetAsync(key, "small", Value("1"), null, None));

        Assert.Single(results, r => r.Status == WriteStatus.DocumentTooLarge);
        Assert.Equal(2, results.Count(r => r.Status == WriteStatus.Saved));
        Assert.Equal("1", (await Properties.GetOneAsync(key, "small", None))!.Json);
    }

    [Fact]
    public async Task AWriteWithTheCurrentETagSucceedsAndWithAStaleOneIsRefused()
    {
        var key = Session("bots", "s1");
        await WriteAsync(key, """{"a":1}""");
        var etag = (await Properties.GetAsync(key, null, None)).ETag;

        var first = await Properties.SetAsync(key, "a", Value("2"), WritePrecondition.OneOf([etag]), None);
        var stale = await Properties.SetAsync(key, "a", Value("3"), WritePrecondition.OneOf([etag]), None);

        Assert.Equal(WriteStatus.Saved, first.Status);
        Assert.NotEqual(etag, first.ETag);
        Assert.Equal(WriteStatus.VersionMismatch, stale.Status);
        Assert.Equal("""{"a":2}""", await ReadAsync(key));
    }

    [Fact]
    public async Task TheAbsentETagWritesOnlyWhileTheSessionDoesNotExist()
    {
        var key = Session("bots", "fresh");
        Assert.Equal(SessionVersions.Absent, (await Properties.GetAsync(key, null, None)).ETag);

        Assert.Equal(WriteStatus.Saved, (await Properties.SetAsync(key, "a", Value("1"), WritePrecondition.OneOf([SessionVersions.Absent]), None)).Status);
        Assert.Equal(WriteStatus.VersionMismatch, (await Properties.SetAsync(key, "a", Value("2"), WritePrecondition.OneOf([SessionVersions.Absent]), None)).Status);
    }
}
