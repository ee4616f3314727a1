using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>A client that goes away mid-request is the client's doing: logged without a stack trace, never as a 500.</summary>
public sealed class ClientAbortTests : ServerWithCapturedLogs
{
    private const string S1 = "/v1/account/" + RunningServer.AccountA + "/aborts/s1/properties";

    [Fact]
    public async Task AClientThatResetsTheConnectionMidBodyIsNeitherAnErrorNorA500()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(Server.Client.BaseAddress!.Host, Server.Client.BaseAddress.Port);
            var head = $"PATCH {S1} HTTP/1.1\r\nHost: {Server.Client.BaseAddress.Authority}\r\nmaven-api-key: {RunningServer.KeyA}\r\n" +
                       "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":\"";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head + new string('x', 1000)));

            // Reset only once the handler is reading the body (Kestrel logs it), so the reset arrives mid-read.
            await WaitForAsync(() => Logs.Lines.Count(l => l.Contains("started reading request body", StringComparison.Ordinal)) > attempt);
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
            socket.Close();
        }

        // Until each connection has ended: what Kestrel does after the handler (draining the body) is logged by then.
        await WaitForAsync(() => Logs.Lines.Count(l => l.Contains("HTTP PATCH", StringComparison.Ordinal)) >= 5
                                 && Logs.Lines.Count(l => l.Contains("Kestrel.Connections", StringComparison.Ordinal) && l.Contains(" stopped.", StringComparison.Ordinal)) >= 5);

        var lines = Logs.Lines;
        var requests = lines.Where(l => l.Contains("HTTP PATCH", StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count == 5, string.Join(Environment.NewLine, lines.Where(l => !l.StartsWith("Trace", StringComparison.Ordinal))));
        Assert.All(requests, l => Assert.Contains("answered 499", l, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith(nameof(LogLevel.Error), StringComparison.Ordinal)
                                          || l.StartsWith(nameof(LogLevel.Critical), StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" exception: ", StringComparison.Ordinal) && l.Contains("aborts", StringComparison.Ordinal));
    }

    /// <summary>Polls <paramref name="condition"/> for up to 30 seconds; the assertions after it say what was missing.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
