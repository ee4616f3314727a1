using System.Text.Json;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextAdmin.UnitTests.CommandLine;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Transfer;

public sealed class ContextCopierTests(ITestOutputHelper log) : SeededTransferTests("context-copy-")
{
    [Fact]
    public async Task ACopyMovesEveryNamespaceSessionAndTtlAndVerifiesWithNoDifferences()
    {
        var run = await Servers.CopyAsync(CancellationToken.None, "--namespace", SeededContext.Unregistered, "--page-size", "50", "--verify");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Contains("verify: 0 differences", run.Error, StringComparison.Ordinal);
        var source = Servers.Source.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var target = Servers.Target.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Contains(
            $"verify: namespace {SeededContext.Orders}: sessions {source} {SeededContext.OrderSessions}, {target} {SeededContext.OrderSessions}; session TTLs 33, 33",
            run.Error, StringComparison.Ordinal);

        // The values themselves, read back from the target: digits, escapes and characters as sent.
        var copied = await Body(Servers.Target, $"/{SeededContext.Orders}/{Uri.EscapeDataString(SeededContext.SessionId(7))}/properties");
        Assert.Contains("\"total\":123456789012345678907", copied, StringComparison.Ordinal);
        Assert.Contains("\"huge\":1e400", copied, StringComparison.Ordinal);
        Assert.Contains("\"price\":1.50", copied, StringComparison.Ordinal);
        Assert.Contains("\"zero\":-0", copied, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(copied))
        {
            Assert.Equal("Zoë Ångström 東京 🚀 #7", json.RootElement.GetProperty("customer").GetString());
            Assert.Equal("line\nbreak \"quoted\" \u0001", json.RootElement.GetProperty("escaped").GetString());
        }

        var large = await Body(Servers.Target, $"/{SeededContext.Bots}/large-2/properties");
        Assert.Equal(Canonical(SeededContext.LargeProperties(2)), Canonical(large));

        var namespaces = await Body(Servers.Target, "");
        Assert.Contains("\"name\":\"orders\"", namespaces, StringComparison.Ordinal);
        Assert.Contains("\"ttlSecond\":3600", namespaces, StringComparison.Ordinal);
        Assert.DoesNotContain(SeededContext.Unregistered, namespaces, StringComparison.Ordinal);

        var ttls = await Body(Servers.Target, $"/namespace/{SeededContext.Orders}/session");
        Assert.Contains($"\"ttlSecond\":{600 + 14}", ttls, StringComparison.Ordinal);
        Assert.Equal((SeededContext.OrderSessions + 6) / 7, JsonDocument.Parse(ttls).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task AnInterruptedCopyResumesFromItsCheckpointAndVerifiesWithNoDifferences()
    {
        var checkpoint = Path.Combine(WorkFolder, "copy.checkpoint.json");
        using var interruption = new CancellationTokenSource();
        Servers.TargetGate.AfterWrite = writes =>
        {
            if (writes == 120)
            {
                interruption.Cancel();
            }
        };

        var first = await Servers.CopyAsync(interruption.Token, "--page-size", "20", "--checkpoint", checkpoint);
        Assert.True(first.ExitCode == ExitCodes.Interrupted, first.ToString());
        Assert.Contains("interrupted", first.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(checkpoint));

        Servers.TargetGate.AfterWrite = null;
        var writesBefore = Servers.TargetGate.Writes;
        var second = await Servers.CopyAsync(CancellationToken.None, "--page-size", "20", "--checkpoint", checkpoint, "--verify");
        log.WriteLine(second.Error);

        Assert.True(second.ExitCode == ExitCodes.Succeeded, second.ToString());
        Assert.Contains("verify: 0 differences", second.Error, StringComparison.Ordinal);
        Assert.Contains("continuing after session", second.Error, StringComparison.Ordinal);
        // The rerun continued: it wrote far fewer sessions than the source holds.
        var rerunWrites = Servers.TargetGate.Writes - writesBefore;
        Assert.True(rerunWrites < SeededContext.OrderSessions, $"the rerun wrote {rerunWrites} times");
    }

    [Fact]
    public async Task ASourceThatAnswers503ForAWhileIsWaitedOut()
    {
        Servers.SourceGate.Busy = true;
        var copying = Servers.CopyAsync(CancellationToken.None, "--page-size", "100", "--verify");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Servers.SourceGate.Busy = false;
        var run = await copying;
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.True(Servers.SourceGate.RefusedAsBusy >= 2, $"{Servers.SourceGate.RefusedAsBusy} requests refused");
        Assert.Contains($"retrying: {Servers.Source.Client.BaseAddress!.Authority}: 503", run.Error, StringComparison.Ordinal);
        Assert.Contains("503", run.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 0 differences", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListingThatBreaksOffMidStreamIsReadAgainAndTheCopyVerifies()
    {
        Servers.SourceGate.BreakListings(2);

        var run = await Servers.CopyAsync(CancellationToken.None, "--page-size", "100", "--verify");
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Equal(2, Servers.SourceGate.ListingsBroken);
        Assert.Contains("reading the page again (2 of 3)", run.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 0 differences", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongSourceKeyStopsAtOnceWithAClearMessage()
    {
        var run = await ToolRun.RunAsync(
            ["copy", "--from", Servers.SourceUrl, "--from-key", "not-the-key", "--to", Servers.TargetUrl, "--to-key", SourceAndTarget.Key,
             "--account", SourceAndTarget.Account],
            CancellationToken.None);

        Assert.Equal(ExitCodes.AccessDenied, run.ExitCode);
        Assert.Contains("refused the API key for account le11111111 (403", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, Servers.SourceGate.Reads);
        Assert.Equal(0, Servers.TargetGate.Writes + Servers.TargetGate.Reads);
    }

    [Fact]
    public async Task AWrongTargetKeyStopsBeforeAnyWrite()
    {
        var run = await ToolRun.RunAsync(
            ["copy", "--from", Servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--to", Servers.TargetUrl, "--to-key", "wrong",
             "--account", SourceAndTarget.Account, "--rate", "0"],
            CancellationToken.None);

        Assert.Equal(ExitCodes.AccessDenied, run.ExitCode);
        Assert.Contains($"{Servers.Target.Client.BaseAddress!.Authority} refused the API key", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, Servers.TargetGate.Writes);
    }

    [Fact]
    public async Task ADryRunWithAWrongTargetKeyStopsWithAccessDeniedAndWritesNothing()
    {
        var run = await ToolRun.RunAsync(
            ["copy", "--from", Servers.SourceUrl, "--from-key", SourceAndTarget.Key, "--to", Servers.TargetUrl, "--to-key", "wrong",
             "--account", SourceAndTarget.Account, "--rate", "0", "--dry-run"],
            CancellationToken.None);

        Assert.True(run.ExitCode == ExitCodes.AccessDenied, run.ToString());
        Assert.Contains($"{Servers.Target.Client.BaseAddress!.Authority} refused the API key", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, Servers.TargetGate.Writes);
    }

    [Fact]
    public async Task ADryRunTellsWhatItWouldCopyChecksTheTargetKeyWithAReadAndWritesNothing()
    {
        var run = await Servers.CopyAsync(CancellationToken.None, "--dry-run", "--namespace", SeededContext.Unregistered);

        Assert.True(run.ExitCode == ExitCodes.Succeeded, run.ToString());
        Assert.Contains("dry run: namespace orders: would register it with a TTL of 3600 s, copy its properties, set 33 session TTLs and copy 231 sessions", run.Error, StringComparison.Ordinal);
        Assert.Contains("dry run: namespace unregistered: would leave it unregistered", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, Servers.TargetGate.Writes);
        Assert.Equal(1, Servers.TargetGate.Reads);
    }

    [Fact]
    public async Task VerifyPrintsEveryDifferenceAndFailsWhenTheSidesDiffer()
    {
        Assert.Equal(ExitCodes.Succeeded, (await Servers.CopyAsync(CancellationToken.None)).ExitCode);
        using (await Servers.Target.SendAsync(HttpMethod.Put, SeededContext.Path($"/{SeededContext.Orders}/{Uri.EscapeDataString(SeededContext.SessionId(3))}/properties/price"), "1.5")) { }
        using (await Servers.Target.SendAsync(HttpMethod.Delete, SeededContext.Path($"/namespace/{SeededContext.Orders}/session/{Uri.EscapeDataString(SeededContext.SessionId(4))}"))) { }
        using (await Servers.Target.SendAsync(HttpMethod.Patch, SeededContext.Path("/orders/extra/properties"), """{"a":1}""")) { }

        var writesBefore = Servers.TargetGate.Writes;
        var run = await Servers.CopyAsync(CancellationToken.None, "--dry-run", "--verify");
        log.WriteLine(run.Error);

        Assert.Equal(ExitCodes.Differences, run.ExitCode);
        var target = Servers.Target.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var source = Servers.Source.Client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        Assert.Contains($"difference: namespace orders session {SeededContext.SessionId(3)}: properties differ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"difference: namespace orders session {SeededContext.SessionId(4)}: in {source}, not in {target}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"difference: namespace orders session extra: in {target}, not in {source}", run.Error, StringComparison.Ordinal);
        Assert.Contains("verify: 3 differences", run.Error, StringComparison.Ordinal);
        Assert.Equal(writesBefore, Servers.TargetGate.Writes);
    }

    private async Task<string> Body(ContextServer.EndToEndTests.RunningServer server, string rest)
    {
        using var response = await server.SendAsync(HttpMethod.Get, SeededContext.Path(rest));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static string Canonical(string json) => ContextAdmin.Verification.CanonicalJsonHash.Of(System.Text.Encoding.UTF8.GetBytes(json));
}
