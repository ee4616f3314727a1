using System.Net;
using System.Text.Json;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>
/// One server with known data for the whole corpus; after every hostile request the server must still
/// serve, and every stored document must be byte-identical to its state before the first one, _etag included.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.KnownData known) : IClassFixture<BadInputCorpusTests.KnownData>
{
    /// <summary>Far beyond any answer's time: only a hung request gets there.</summary>
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    [Fact]
    public void TheCorpusHasAtLeastSixtyRequests() => Assert.True(HostileRequests.All.Count >= 60, $"{HostileRequests.All.Count} requests");

    [Theory]
    [MemberData(nameof(HostileRequests.Names), MemberType = typeof(HostileRequests))]
    public Task AHostileRequestIsRefusedWithA4xxJsonMessageAndChangesNothing(string name) =>
        AssertRefusedAndNothingChanged(known, name, HostileRequests.All[name], byKestrel: false);

    [Theory]
    [MemberData(nameof(HostileRequests.NamesRefusedByKestrel), MemberType = typeof(HostileRequests))]
    public Task ARequestKestrelCannotParseIsRefusedWith4xxAndChangesNothing(string name) =>
        AssertRefusedAndNothingChanged(known, name, HostileRequests.RefusedByKestrel[name], byKestrel: true);

    [Fact]
    public Task ABodyThatIsNotValidUtf8IsRefusedAndChangesNothing() => AssertAllRefusedOnFreshData(HostileRequests.InvalidUtf8Bodies);

    [Fact]
    public Task ALoneSurrogateInABodyIsRefusedAndChangesNothing() => AssertAllRefusedOnFreshData(HostileRequests.LoneSurrogateBodies);

    [Fact]
    public Task ANameThatIsNotUtf8OncePercentDecodedIsRefusedAndChangesNothing() =>
        AssertAllRefusedOnFreshData(HostileRequests.UndecodableNames);

    /// <summary>On data of their own, so that a request that gets through spoils no other test.</summary>
    private static async Task AssertAllRefusedOnFreshData(IReadOnlyDictionary<string, RawRequest> requests)
    {
        var data = new KnownData();
        await data.InitializeAsync();
        try
        {
            foreach (var (name, request) in requests)
            {
                await AssertRefusedAndNothingChanged(data, name, request, byKestrel: false);
            }
        }
        finally
        {
            await data.DisposeAsync();
        }
    }

    private static async Task AssertRefusedAndNothingChanged(KnownData data, string name, RawRequest request, bool byKestrel)
    {
        using var bound = new CancellationTokenSource(NoHang);
        var response = await RawHttp.SendAsync(data.Server.Client.BaseAddress!, request, bound.Token);

        Assert.True(response.Status is >= 400 and < 500, $"{name}: answered {response.Status} {response.Body}");
        if (!byKestrel && request.Method != "HEAD")
        {
            Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
            using var json = JsonDocument.Parse(response.Body);
            Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("message").GetString()), $"{name}: {response.Body}");
        }

        using var normal = await data.Server.SendAsync(HttpMethod.Get, KnownData.S1);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Equal(KnownData.S1Properties, await normal.Content.ReadAsStringAsync());
        Assert.Equal(data.Snapshot, await StoredDocuments.ReadAllAsync(data.Server));
    }

    /// <summary>A few namespaces and sessions of two accounts, and their raw documents as first stored.</summary>
    public sealed class KnownData : IAsyncLifetime
    {
        public const string S1 = "/v1/account/" + RunningServer.AccountA + "/known/s1/properties";
        public const string S1Properties = """{"a":1,"nested":{"x":[1,2]},"text":"héllo"}""";

        private RunningServer? _server;

        public RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

        public IReadOnlyList<string> Snapshot { get; private set; } = [];

        public async Task InitializeAsync()
        {
            _server = await RunningServer.StartAsync();
            const string a = "/v1/account/" + RunningServer.AccountA;
            const string b = "/v1/account/" + RunningServer.AccountB;
            var writes = new (HttpMethod Method, string Path, string Body, string Key)[]
            {
                (HttpMethod.Post, a, """{"name":"known"}""", RunningServer.KeyA),
                (HttpMethod.Post, a + "?ttlSecond=3600", """{"name":"other"}""", RunningServer.KeyA),
                (HttpMethod.Patch, S1, S1Properties, RunningServer.KeyA),
                (HttpMethod.Patch, a + "/known/properties", """{"np":"v"}""", RunningServer.KeyA),
                (HttpMethod.Patch, a + "/known/s3/properties", """{"c":true}""", RunningServer.KeyA),
                (HttpMethod.Post, a + "/namespace/known/session?ttlSecond=600", """{"sessionId":"s3"}""", RunningServer.KeyA),
                (HttpMethod.Put, a + "/other/s2/properties/b", "\"two\"", RunningServer.KeyA),
                (HttpMethod.Post, b, """{"name":"known"}""", RunningServer.KeyB),
                (HttpMethod.Patch, b + "/known/s1/properties", """{"secret":"b"}""", RunningServer.KeyB),
            };
            foreach (var (method, path, body, key) in writes)
            {
                using var response = await Server.SendAsync(method, path, body, key);
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }

            Snapshot = await StoredDocuments.ReadAllAsync(Server);
            Assert.Equal(writes.Length - 1, Snapshot.Count);
        }

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
