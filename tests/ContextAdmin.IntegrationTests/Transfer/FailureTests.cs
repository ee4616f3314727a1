using System.Net;
using System.Text.Json;
using ContextAdmin.CommandLine;
using ContextAdmin.IntegrationTests.TestHosts;
using ContextAdmin.Verification;
using Xunit.Abstractions;

namespace ContextAdmin.IntegrationTests.Transfer;

/// <summary>
/// Sessions the target refuses (413: merged with what the target already holds, they pass its limit) do not stop the
/// copy: every other session arrives, the refused ones are listed with their reason at the end and in a failures
/// file, the exit code says so, and once the cause is fixed a rerun with that file copies them.
/// </summary>
public sealed class FailureTests(ITestOutputHelper log) : SeededTransferTests("context-failures-")
{
    private static readonly string Refused = Uri.EscapeDataString(SeededContext.SessionId(5));

    [Fact]
    public async Task RefusedSessionsAreListedTheRestIsCopiedAndARetryCopiesThemOnceFixed()
    {
        var failures = Path.Combine(WorkFolder, "failures.jsonl");
        await SendAsync(HttpMethod.Patch, $"/{SeededContext.Orders}/{Refused}/properties", $$"""{"held":"{{new string('h', 799_800)}}"}""");
        await SendAsync(HttpMethod.Patch, $"/{SeededContext.Bots}/large-1/properties", $$"""{"held":"{{new string('h', 200_000)}}"}""");

        var run = await Servers.CopyAsync(CancellationToken.None, "--failures", failures, "--page-size", "50", "--namespace", SeededContext.Unregistered);
        log.WriteLine(run.Error);

        Assert.True(run.ExitCode == ExitCodes.SomeFailed, run.ToString());
        Assert.Contains("failed: namespace bots session large-1: PATCH", run.Error, StringComparison.Ordinal);
        Assert.Contains($"failed: namespace orders session {SeededContext.SessionId(5)}: PATCH", run.Error, StringComparison.Ordinal);
        Assert.Contains("answered 413", run.Error, StringComparison.Ordinal);
        Assert.Contains($"2 failures, listed in {failures}", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(failures).Length);
        Assert.Equal(SeededContext.OrderSessions, (await SessionIdsAsync(SeededContext.Orders)).Count(id => id != "__default__"));
        Assert.Equal(await HashAsync(Servers.Source, 229), await HashAsync(Servers.Target, 229));
        Assert.Contains("s4", await SessionIdsAsync(SeededContext.Unregistered), StringComparer.Ordinal);

        await SendAsync(HttpMethod.Delete, $"/namespace/{SeededContext.Orders}/session/{Refused}");
        await SendAsync(HttpMethod.Delete, $"/namespace/{SeededContext.Bots}/session/large-1");
        var retry = await Servers.CopyAsync(CancellationToken.None, "--retry-failures", failures);
        log.WriteLine(retry.Error);

        Assert.True(retry.ExitCode == ExitCodes.Succeeded, retry.ToString());
        Assert.Equal(await HashAsync(Servers.Source, 5), await HashAsync(Servers.Target, 5));
        Assert.False(File.Exists(failures));
        var compare = await Servers.CopyAsync(CancellationToken.None, "--dry-run", "--verify", "--namespace", SeededContext.Unregistered);
        Assert.True(compare.ExitCode == ExitCodes.Succeeded, compare.ToString());
    }

    private async Task SendAsync(HttpMethod method, string rest, string? body = null)
    {
        using var response = await Servers.Target.SendAsync(method, SeededContext.Path(rest), body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<List<string>> SessionIdsAsync(string ns)
    {
        using var response = await Servers.Target.SendAsync(HttpMethod.Get, SeededContext.Path($"/{ns}/session-ids?perPage=1000"));
        return JsonSerializer.Deserialize<List<string>>(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<string> HashAsync(ContextServer.EndToEndTests.RunningServer server, int session)
    {
        using var response = await server.SendAsync(HttpMethod.Get, SeededContext.Path($"/{SeededContext.Orders}/{Uri.EscapeDataString(SeededContext.SessionId(session))}/properties"));
        return CanonicalJsonHash.Of(await response.Content.ReadAsByteArrayAsync());
    }
}
