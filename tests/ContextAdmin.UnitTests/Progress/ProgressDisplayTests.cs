using ContextAdmin.Progress;

namespace ContextAdmin.UnitTests.Progress;

public class ProgressDisplayTests
{
    [Fact]
    public void TheTerminalBarShowsCountsBytesAndTheTimeLeftRedrawnInPlace()
    {
        using var terminal = new StringWriter();
        var bar = new TerminalProgressBar(terminal);

        bar.Start(totalSessions: 200);
        Thread.Sleep(20);
        bar.Advance(100, 2_500_000);
        bar.Note("namespace orders: 200 sessions");
        bar.Finish();

        var screen = terminal.ToString();
        Assert.Contains("\r\u001b[2K[###############...............] 100/200 sessions, 2.50 MB", screen, StringComparison.Ordinal);
        Assert.Contains("left", screen, StringComparison.Ordinal);
        Assert.Contains("namespace orders: 200 sessions\n", screen.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectedOutputGetsPlainLinesWithoutControlCharacters()
    {
        using var log = new StringWriter();
        var lines = new PlainProgressLines(log, interval: TimeSpan.Zero);

        lines.Start(totalSessions: 10);
        lines.Advance(4, 1000);
        lines.Note("retrying: 127.0.0.1:1: 503 Service Unavailable; retry 1 of 12 in 1 s");
        lines.Advance(6, 1000);
        lines.Finish();

        var text = log.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\r', text.Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
        Assert.Contains("progress: 4/10 sessions, 0.00 MB", text, StringComparison.Ordinal);
        Assert.Contains("done: 10/10 sessions", text, StringComparison.Ordinal);
    }
}
