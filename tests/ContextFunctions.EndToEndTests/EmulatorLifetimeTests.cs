namespace ContextFunctions.EndToEndTests;

/// <summary>The emulator starts the worker only as the host would, and stops it the host's way.</summary>
public sealed class EmulatorLifetimeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/5 * * * *")]
    [InlineData("every five minutes")]
    [InlineData("0 */5 * * * * *")]
    public async Task WithoutASixFieldSweeperScheduleTheWorkerDoesNotStartAndNamesTheSetting(string? schedule)
    {
        var app = new FunctionsApp(new Dictionary<string, string?> { ["Sweeper:Schedule"] = schedule });
        try
        {
            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(app.InitializeAsync);
            Assert.Contains("The worker exited before it connected.", refusal.Message);
            Assert.Contains("ContextFunctions did not start:", refusal.Message);
            Assert.Contains("Sweeper:Schedule (app setting Sweeper__Schedule) must be a six-field NCRONTAB expression", refusal.Message);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task WorkerTerminateStopsTheWorkerWithoutAKill()
    {
        var app = new FunctionsApp(new Dictionary<string, string?>());
        await app.InitializeAsync();
        var worker = app.Emulator.Worker;
        Assert.False(worker.HasExited);

        await app.DisposeAsync();

        Assert.True(app.Emulator.StoppedOnWorkerTerminate, "the worker outlived WorkerTerminate's grace period and was killed");
        Assert.True(worker.HasExited);
    }
}
