using System.Net;
using System.Text;

namespace ContextServer.EndToEndTests;

public class ErrorAnswersTests(ContextServerForClass contextServer) : EndToEndTestBase(contextServer)
{
    [Theory]
    [InlineData("consumer")]
    [InlineData("Operational")]
    [InlineData("CONVERSATION")]
    [InlineData("custom")]
    [InlineData("sde")]
    [InlineData("faas")]
    [InlineData("bad.name")]
    public async Task AReservedOrMalformedNamespaceIs400OnEveryOperation(string ns)
    {
        var calls = new (HttpMethod Method, string Path, string? Body)[]
        {
            (HttpMethod.Post, A, $$"""{"name":"{{ns}}"}"""),
            (HttpMethod.Delete, $"{A}/{ns}", null),
            (HttpMethod.Patch, $"{A}/{ns}/properties", """{"a":1}"""),
            (HttpMethod.Put, $"{A}/{ns}/properties/p", "1"),
            (HttpMethod.Get, $"{A}/{ns}/properties", null),
            (HttpMethod.Get, $"{A}/{ns}/properties/p", null),
            (HttpMethod.Delete, $"{A}/{ns}/properties/p", null),
            (HttpMethod.Patch, $"{A}/{ns}/s1/properties", """{"a":1}"""),
            (HttpMethod.Put, $"{A}/{ns}/s1/properties/p", "1"),
            (HttpMethod.Get, $"{A}/{ns}/s1/properties", null),
            (HttpMethod.Get, $"{A}/{ns}/s1/properties/p", null),
            (HttpMethod.Delete, $"{A}/{ns}/s1/properties/p", null),
            (HttpMethod.Delete, $"{A}/{ns}/s1/properties", null),
            (HttpMethod.Get, $"{A}/{ns}/session-ids", null),
            (HttpMethod.Get, $"{A}/{ns}/session-properties", null),
            (HttpMethod.Post, $"{A}/namespace/{ns}/session?ttlSecond=5", """{"sessionId":"s1"}"""),
            (HttpMethod.Get, $"{A}/namespace/{ns}/session", null),
            (HttpMethod.Delete, $"{A}/namespace/{ns}/session/s1", null),
        };

        foreach (var (method, path, body) in calls)
        {
            await AssertError(Server.SendAsync(method, path, body), HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task AnInvalidAccountIdIs400() =>
        await AssertError(Get("/v1/account/le_123/bots/properties"), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("""{"a":1""")]
    [InlineData("""{"a":}""")]
    [InlineData("""{a:1}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1}{"b":2}""")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("")]
    public async Task MalformedJsonIs400(string body) =>
        await AssertError(Patch(A + "/bots/s1/properties", body), HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task APatchBodyThatIsNotAnObjectIs400(string body) =>
        Assert.Contains("object", await AssertError(Patch(A + "/bots/s1/properties", body), HttpStatusCode.BadRequest));

    [Fact]
    public async Task NestingDeeperThan64LevelsIs400()
    {
        var deep = new string('[', 65) + new string(']', 65);
        await AssertError(Put(A + "/bots/s1/properties/deep", deep), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a%5Cb")]
    [InlineData("a%3Fb")]
    [InlineData("a%23b")]
    [InlineData("a%01b")]
    public async Task SeparatorsAndControlCharactersInNamesAre400(string name)
    {
        await AssertError(Put($"{A}/bots/s1/properties/{name}", "1"), HttpStatusCode.BadRequest);
        await AssertError(Get($"{A}/bots/{name}/properties"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task APropertyNameInAPatchBodyFollowsTheNamingRules() =>
        await AssertError(Patch(A + "/bots/s1/properties", """{"a/b":1}"""), HttpStatusCode.BadRequest);

    [Fact]
    public async Task ASessionOver800000CharactersIs413AndTheOldValueStays()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"old":"value"}"""));
        var overhead = """{"old":"value","big":""}""".Length;
        var big = new string('x', 800_000 - overhead + 1);

        var message = await AssertError(Patch(A + "/bots/s1/properties", $$"""{"big":"{{big}}"}"""), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("document too large", message);
        Assert.Equal("""{"old":"value"}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task ASessionOfExactly800000CharactersIsStored()
    {
        var overhead = """{"big":""}""".Length;
        var big = new string('x', 800_000 - overhead);

        await AssertNoContent(Put(A + "/bots/s1/properties/big", $"\"{big}\""));
    }

    [Fact]
    public async Task ABodyOverOneMebibyteIs413()
    {
        var body = $$"""{"big":"{{new string('x', 1024 * 1024)}}"}""";
        await AssertError(Patch(A + "/bots/s1/properties", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task PropertyReadsCarryAnETagThatIfMatchChecks()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        using var read = await Get(A + "/bots/s1/properties");
        var etag = read.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(etag));

        await AssertNoContent(Put(A + "/bots/s1/properties/a", "2", ifMatch: etag));
        await AssertError(Put(A + "/bots/s1/properties/a", "3", ifMatch: etag), HttpStatusCode.PreconditionFailed);
        await AssertError(Patch(A + "/bots/s1/properties", """{"b":1}""", ifMatch: etag), HttpStatusCode.PreconditionFailed);
        await AssertError(Delete(A + "/bots/s1/properties/a", ifMatch: etag), HttpStatusCode.PreconditionFailed);

        Assert.Equal("""{"a":2}""", await AssertJson(Get(A + "/bots/s1/properties"), HttpStatusCode.OK));
    }

    [Fact]
    public async Task OnePropertysReadCarriesTheSessionsETag()
    {
        await AssertNoContent(Patch(A + "/bots/s1/properties", """{"a":1}"""));
        using var all = await Get(A + "/bots/s1/properties");
        using var one = await Get(A + "/bots/s1/properties/a");

        Assert.Equal(all.Headers.ETag, one.Headers.ETag);
    }

    [Fact]
    public async Task ABodyWithoutJsonContentTypeIsStillRead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, A + "/bots/s1/properties")
        {
            Content = new StringContent("""{"a":1}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.TryAddWithoutValidation("maven-api-key", RunningServer.KeyA);
        using var response = await Server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

public class UnreachableCosmosTests : IAsyncLifetime
{
    private RunningServer? _server;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(settingOverrides: new Dictionary<string, string?>
    {
        // Nothing listens on port 1 of the loopback.
        ["Cosmos:Endpoint"] = "http://127.0.0.1:1/",
        ["Cosmos:CreateIfNotExists"] = "false",
        ["Cosmos:RequestTimeout"] = "00:00:03",
    });

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task ACosmosDbThatCannotBeReachedGives503WithRetryAfter()
    {
        using var response = await _server!.SendAsync(HttpMethod.Get, $"/v1/account/{RunningServer.AccountA}/bots/properties");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"message\"", body);
        Assert.DoesNotContain("   at ", body);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}
