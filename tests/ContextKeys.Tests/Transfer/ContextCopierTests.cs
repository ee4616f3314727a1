using System.Text.Json;
using ContextKeys.CommandLine;
using ContextKeys.Tests.TestHosts;
using Xunit.Abstractions;

namespace ContextKeys.Tests.Transfer;

public sealed class ContextCopierTests(ITestOutputHelper log) : IAsyncLifetime
{
    private SourceAndTarget _servers = null!;
    private readonly string _directory = Directory.CreateTempSubdirectory("context-copy-").FullName;

    public async Task InitializeAsync()
    {
        _servers = await SourceAndTarget.StartAsync();
        await SeededContext.SeedAsync(_servers.Source);
    }

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ACopyMovesEveryNamespaceSessionAndTtlAndVerifiesWithNoDifferences()
    {
        var run = await _servers.CopyAsync(CancellationToken.None, "--namespace", SeededContext.Unregistered, "--page-size", "50", "--verify");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Contains("verify: 0 differences", run.Error, StringComparison.Ordinal);
        var source = _servers.Source.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var target = _servers.Target.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Contains(
            $"verify: namespace {SeededContext.Orders}: sessions {source} {SeededContext.OrderSessions}, {target} {SeededContext.OrderSessions}; session TTLs 33, 33",
            run.Error, StringComparison.Ordinal);

        // The values themselves, read back from the target: digits, escapes and characters as sent.
        var copied = await Body(_servers.Target, $"/{SeededContext.Orders}/{Uri.EscapeDataString(SeededContext.SessionId(7))}/properties");
        Assert.Contains("\"total\":123456789012345678907", copied, StringComparison.Ordinal);
        Assert.Contains("\"huge\":1e400", copied, StringComparison.Ordinal);
        Assert.Contains("\"price\":1.50", copied, StringComparison.Ordinal);
        Assert.Contains("\"zero\":-0", copied, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(copied))
        {
            Assert.Equal("Zoë Ångström 東京 🚀 #7", json.RootElement.GetProperty("customer").GetString());
            Assert.Equal("line\nbreak \"quoted\" \u0001", json.RootElement.GetProperty("escaped").GetString());
        }

        var large = await Body(_servers.Target, $"/{SeededContext.Bots}/large-2/properties");
        Assert.Equal(Canonical(SeededContext.LargeProperties(2)), Canonical(large));

        var namespaces = await Body(_servers.Target, "");
        Assert.Contains("\"name\":\"orders\"", namespaces, StringComparison.Ordinal);
        Assert.Contains("\"ttlSecond\":3600", namespaces, StringComparison.Ordinal);
        Assert.DoesNotContain(SeededContext.Unregistered, namespaces, StringComparison.Ordinal);

        var ttls = await Body(_servers.Target, $"/namespace/{SeededContext.Orders}/session");
        Assert.Contains($"\"ttlSecond\":{600 + 14}", ttls, StringComparison.Ordinal);
        Assert.Equal((SeededContext.OrderSessions + 6) / 7, JsonDocument.Parse(ttls).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task AnInterruptedCopyResumesFromItsCheckpointAndVerifiesWithNoDifferences()
    {
        var checkpoint = Path.Combine(_directory, "copy.checkpoint.json");
        using var interruption = new CancellationTokenSource();
        _servers.TargetGate.AfterWrite = writes =>
        {
            if (writes == 120)
            {
                interruption.Cancel();
            }
        };

        var first = await _servers.CopyAsync(interruption.Token, "--page-size", "20", "--checkpoint", checkpoint);
        Assert.True(first.ExitCode == ExitCodes.Interrupted, first.ToString());
        Assert.Contains("interrupted", first.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(checkpoint));

        _servers.TargetGate.AfterWrite = null;
        var writesBefore = _servers.TargetGate.Writes;
        var second = await _servers.CopyAsync(CancellationToken.None, "--page-size", "20", "--checkpoint", checkpoint, "--verify");
        log.WriteLine(second.Error);

        Assert.True(second.ExitCode == ExitCodes.Succeeded, second.ToString());
        Assert.Contains("verify: 0 differences", second.Error, StringComparison.Ordinal);
        Assert.Contains("continuing after page", second.Error, StringComparison.Ordinal);
        // The rerun continued: it wrote far fewer sessions than the source holds.
        var rerunWrites = _servers.TargetGate.Writes - writesBefore;
        Assert.True(rerunWrites < SeededContext.OrderSessions, $"the rerun wrote {rerunWrites} times");
    }

    [Fact]
    public async Task ASourceThatAnswers503ForAWhileIsWaitedOut()
    {
        _servers.SourceGate.Busy = true;
        var copying = _servers.CopyAsync(CancellationToken.None, "--page-size", "100", "--verify");
        await Task.Delay(TimeSpan.FromSeconds(3));
        _servers.SourceGate.Busy = false;
        var run = await copying;
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.True(_servers.SourceGate.RefusedAsBusy >= 2, $"{_servers.SourceGate.RefusedAsBusy} requests refused");
        Assert.Contains($"retrying: {_servers.Source.Client.BaseAddress!.Authority}: 503", run.Error, StringComparison.Ordinal);
        Assert.Contains("503", run.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 0 differences", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListingThatBreaksOffMidStreamIsReadAgainAndTheCopyVerifies()
    {
        _servers.SourceGate.BreakListings(2);

        var run = await _servers.CopyAsync(CancellationToken.None, "--page-size", "100", "--verify");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Equal(2, _servers.SourceGate.ListingsBroken);
        Assert.Contains("copying the page again (2 of 3)", run.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 0 differences", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongSourceKeyStopsAtOnceWithAClearMessage()
    {
        var run = await ToolRun.RunAsync(
            ["copy", "--from", _servers.SourceUrl, "--from-key", "not-the-key", "--to", _servers.TargetUrl, "--to-key", SourceAndTarget.Key,
             "--account", SourceAndTarget.Account],
            CancellationToken.None);

        Assert.Equal(ExitCodes.AccessDenied, run.ExitCode);
        Assert.Contains("refused the API key for account le11111111 (403", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, _servers.SourceGate.Reads);
        Assert.Equal(0, _servers.TargetGate.Writes + _servers.TargetGate.Reads);
    }

    [Fact]
    public async Task AWrongTargetKeyStopsAtTheFirstWrite()
    {
        var run = await ToolRun.RunAsync(
            ["copy", "--from", _servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--to", _servers.TargetUrl, "--to-key", "wrong",
             "--account", SourceAndTarget.Account, "--rate", "0"],
            CancellationToken.None);

        Assert.Equal(ExitCodes.AccessDenied, run.ExitCode);
        Assert.Contains($"{_servers.Target.Client.BaseAddress!.Authority} refused the API key", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, _servers.TargetGate.Writes);
    }

    [Fact]
    public async Task ADryRunTellsWhatItWouldCopyAndWritesNothing()
    {
        var run = await _servers.CopyAsync(CancellationToken.None, "--dry-run", "--namespace", SeededContext.Unregistered);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Contains("dry run: namespace orders: would register it with a TTL of 3600 s, copy its properties, set 33 session TTLs and copy 231 sessions", run.Error, StringComparison.Ordinal);
        Assert.Contains("dry run: namespace unregistered: would leave it unregistered", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, _servers.TargetGate.Writes + _servers.TargetGate.Reads);
    }

    [Fact]
    public async Task VerifyPrintsEveryDifferenceAndFailsWhenTheSidesDiffer()
    {
        Assert.Equal(ExitCodes.Succeeded, (await _servers.CopyAsync(CancellationToken.None)).ExitCode);
        using (await _servers.Target.SendAsync(HttpMethod.Put, SeededContext.Path($"/{SeededContext.Orders}/{Uri.EscapeDataString(SeededContext.SessionId(3))}/properties/price"), "1.5")) { }
        using (await _servers.Target.SendAsync(HttpMethod.Delete, SeededContext.Path($"/namespace/{SeededContext.Orders}/session/{Uri.EscapeDataString(SeededContext.SessionId(4))}"))) { }
        using (await _servers.Target.SendAsync(HttpMethod.Patch, SeededContext.Path("/orders/extra/properties"), """{"a":1}""")) { }

        var writesBefore = _servers.TargetGate.Writes;
        var run = await _servers.CopyAsync(CancellationToken.None, "--dry-run", "--verify");
        log.WriteLine(run.Error);

        Assert.Equal(ExitCodes.Differences, run.ExitCode);
        var target = _servers.Target.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var source = _servers.Source.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"difference: namespace orders session {SeededContext.SessionId(3)}: properties differ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"difference: namespace orders session {SeededContext.SessionId(4)}: in {source}, not in {target}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"difference: namespace orders session extra: in {target}, not in {source}", run.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 3 differences", run.Error, StringComparison.Ordinal);
        Assert.Equal(writesBefore, _servers.TargetGate.Writes);
    }

    private async Task<string> Body(ContextServer.Tests.RunningServer server, string rest)
    {
        using var response = await server.SendAsync(HttpMethod.Get, SeededContext.Path(rest));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static string Canonical(string json) => ContextKeys.Verification.CanonicalJsonHash.Of(System.Text.Encoding.UTF8.GetBytes(json));
}
