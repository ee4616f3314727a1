namespace ContextServer.EndToEndTests;

/// <summary>
/// One ContextServer on a fresh container, shared by the tests of one class (an xunit class fixture); each test gets
/// accounts of its own from <see cref="HostForOneTestAsync"/>. The server starts at the first test that asks for it,
/// so a class that starts its own hosts (the Functions app's twins, the tests of the clock) starts none here.
/// </summary>
public sealed class ContextServerForClass : IAsyncLifetime
{
    private const string WhyNoClock =
        "The tests of a class share this server and its clock: a class that moves the clock starts a server of its own " +
        "(override StartHostAsync with RunningServer.StartAsync).";

    private readonly SemaphoreSlim _starting = new(1, 1);
    private RunningServer? _server;
    private int _nextTest = -1;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>The shared server as one test sees it: two accounts that no other test of the class uses.</summary>
    public async Task<IRunningHost> HostForOneTestAsync()
    {
        var server = await StartedServerAsync();
        return new SharedHostForOneTest(server.Client, Interlocked.Increment(ref _nextTest), WhyNoClock);
    }

    private async Task<RunningServer> StartedServerAsync()
    {
        await _starting.WaitAsync();
        try
        {
            return _server ??= await RunningServer.StartAsync(settingOverrides: AccountPools.ApiKeySettings());
        }
        finally
        {
            _starting.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _starting.Dispose();
    }
}
