using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ContextServer.Tests.Reliability;

/// <summary>A client that goes away mid-request is the client's doing: logged without a stack trace, never as a 500.</summary>
public sealed class ClientAbortTests : ServerWithCapturedLogs
{
    private const string S1 = "/v1/account/" + RunningServer.AccountA + "/aborts/s1/properties";

    [Fact]
    public async Task AClientThatResetsTheConnectionMidBodyIsNeitherAnErrorNorA500()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(Server.Client.BaseAddress!.Host, Server.Client.BaseAddress.Port);
            var head = $"PATCH {S1} HTTP/1.1\r\nHost: {Server.Client.BaseAddress.Authority}\r\nmaven-api-key: {RunningServer.KeyA}\r\n" +
                       "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":\"";
            await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head + new string('x', 1000)));

            // Give the handler time to start reading the body; the reset then arrives mid-read.
            await Task.Delay(200);
            tcp.Client.LingerState = new LingerOption(enable: true, seconds: 0);
            tcp.Close();
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Logs.Lines.Count(l => l.Contains("HTTP PATCH", StringComparison.Ordinal)) < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var lines = Logs.Lines;
        var requests = lines.Where(l => l.Contains("HTTP PATCH", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, requests.Count);
        Assert.DoesNotContain(requests, l => l.Contains("answered 500", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith(nameof(LogLevel.Error), StringComparison.Ordinal)
                                          || l.StartsWith(nameof(LogLevel.Critical), StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" exception: ", StringComparison.Ordinal) && l.Contains("aborts", StringComparison.Ordinal));
    }
}
