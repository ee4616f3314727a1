using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Hostile;

/// <summary>
/// Names with dots and percent signs: each one arrives at the target exactly as written, a percent sign sent as
/// <c>%25</c> (the path is decoded once), or, when the contract cannot address it, is listed as a failure and never
/// written anywhere else.
/// </summary>
public sealed class NameTests(ITestOutputHelper log) : ScriptedTransfer
{
    [Fact]
    public async Task NamesWithDotsAndPercentSignsArriveAsWrittenOrAreListedAsFailures()
    {
        Source.AddNamespace("names");
        Source.SetSession("names", ".", """{"evil":1}""");
        Source.SetSession("names", "..", """{"evil":2}""");
        Source.SetSession("names", "%2E", """{"a":1}""");
        Source.SetSession("names", "a%2Fb", """{"a":2}""");
        Source.SetSession("names", "x.y", """{"a":3}""");
        Source.SetSession("names", "with-dot-property", """{"ok":1,".":2}""");
        Source.SetSession("names", "with-large-property", $$"""{"a%2Fb":"{{new string('é', 520_000)}}"}""");

        var run = await CopyAsync();
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Equal(
            ["PATCH /names/%252E/properties", "PATCH /names/a%252Fb/properties", "PATCH /names/x.y/properties", "POST ", "PUT /names/with-large-property/properties/a%252Fb"],
            TargetWrites().Order(StringComparer.Ordinal));
        Assert.Contains("failed: namespace names session .: sessionId '.' is reserved.", run.Error, StringComparison.Ordinal);
        Assert.Contains("failed: namespace names session ..: sessionId '..' is reserved.", run.Error, StringComparison.Ordinal);
        Assert.Contains("failed: namespace names session with-dot-property: property name '.' is refused", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(FailuresFile).Length);
    }

    [Fact]
    public async Task ASessionNamedDotNeverReachesTheTargetsNamespacePropertiesNorTheAccount()
    {
        await using var target = await ContextServer.EndToEndTests.RunningServer.StartAsync();
        Source.AddNamespace("victim");
        Source.SetSession("victim", "__default__", """{"region":"emea"}""");
        Source.SetSession("victim", ".", """{"region":"overwritten"}""");
        Source.SetSession("victim", "..", """{"region":"overwritten"}""");

        var run = await UnitTests.CommandLine.ToolRun.RunAsync(
            ["copy", "--from", Source.Url.ToString(), "--from-key", ScriptedEndpoint.Key, "--to", target.Client.BaseAddress!.ToString(),
             "--to-key", ScriptedEndpoint.Key, "--account", ScriptedEndpoint.Account, "--rate", "0", "--failures", FailuresFile],
            CancellationToken.None);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        using var properties = await target.SendAsync(HttpMethod.Get, $"/v1/account/{ScriptedEndpoint.Account}/victim/properties");
        Assert.Equal("""{"region":"emea"}""", await properties.Content.ReadAsStringAsync());
        Assert.Equal(2, File.ReadAllLines(FailuresFile).Length);
    }
}
