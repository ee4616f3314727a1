using System.Net;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Transfer;

/// <summary>
/// Whatever the target's contract can hold arrives: a value 64 levels deep (stored with PUT), a property too large for
/// a PATCH body beside small ones, in the order the source keeps them.
/// </summary>
public sealed class PropertiesCopyTests(ITestOutputHelper log) : IAsyncLifetime
{
    private SourceAndTarget _servers = null!;

    public async Task InitializeAsync()
    {
        _servers = await SourceAndTarget.StartAsync();
        await SendAsync(HttpMethod.Post, "", """{"name":"shapes"}""");
    }

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task AValueNested64LevelsDeepThatTheSourceStoredWithPutIsCopied()
    {
        var deep = new string('[', 64) + "1" + new string(']', 64);
        await SendAsync(HttpMethod.Patch, "/shapes/deep/properties", """{"before":true}""");
        await SendAsync(HttpMethod.Put, "/shapes/deep/properties/value", deep);

        var run = await _servers.CopyAsync(CancellationToken.None);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Equal(deep, await TargetBodyAsync("/shapes/deep/properties/value"));
        Assert.Equal("true", await TargetBodyAsync("/shapes/deep/properties/before"));
    }

    [Fact]
    public async Task APropertyTooLargeForAPatchKeepsItsPlaceAmongTheOthers()
    {
        var large = $"\"{new string('é', 520_000)}\"";
        await SendAsync(HttpMethod.Patch, "/shapes/ordered/properties", """{"a":1}""");
        await SendAsync(HttpMethod.Put, "/shapes/ordered/properties/B", large);
        await SendAsync(HttpMethod.Patch, "/shapes/ordered/properties", """{"c":2,"d":3}""");
        var source = await BodyAsync(_servers.Source, "/shapes/ordered/properties");

        var run = await _servers.CopyAsync(CancellationToken.None);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        var copied = await TargetBodyAsync("/shapes/ordered/properties");
        Assert.Equal(KeyOrder(source), KeyOrder(copied));
        Assert.Equal(["a", "B", "c", "d"], KeyOrder(copied));
        Assert.Equal(large, await TargetBodyAsync("/shapes/ordered/properties/B"));
    }

    private static List<string> KeyOrder(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
    }

    private async Task SendAsync(HttpMethod method, string rest, string body)
    {
        using var response = await _servers.Source.SendAsync(method, SeededContext.Path(rest), body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Task<string> TargetBodyAsync(string rest) => BodyAsync(_servers.Target, rest);

    private static async Task<string> BodyAsync(ContextServer.EndToEndTests.RunningServer server, string rest)
    {
        using var response = await server.SendAsync(HttpMethod.Get, SeededContext.Path(rest));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }
}
