using ContextAdmin.CommandLine;

namespace ContextAdmin.UnitTests.CommandLine;

public class InterruptionTests
{
    [Fact]
    public void AnInterruptCancelsTheRun()
    {
        using var interruption = Interruption.OfConsole();

        interruption.Request();

        Assert.True(interruption.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
        Assert.True(interruption.Token.IsCancellationRequested);
    }

    [Fact]
    public void AnInterruptAfterTheRunEndedIsIgnored()
    {
        var interruption = Interruption.OfConsole();
        interruption.Dispose();

        interruption.Request();
        interruption.Request();
    }

    [Fact]
    public void ACallbackThatThrowsDoesNotThrowOnTheSignalsThread()
    {
        using var interruption = Interruption.OfConsole();
        using var done = new ManualResetEventSlim();
        interruption.Token.Register(() =>
        {
            done.Set();
            throw new ObjectDisposedException("something the run already disposed");
        });

        interruption.Request();

        Assert.True(done.Wait(TimeSpan.FromSeconds(10)));
    }
}
