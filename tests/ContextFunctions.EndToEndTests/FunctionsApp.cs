using ContextFunctions.HostEmulator;
using ContextServer.EndToEndTests;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The Functions app under the host emulator on a fresh Cosmos DB container, shared by the tests of one class
/// (an xunit class fixture): each test gets accounts of its own from <see cref="HostForOneTest"/>.
/// </summary>
public sealed class FunctionsApp : IAsyncLifetime
{
    private readonly IDictionary<string, string?>? _overrides;
    private FunctionsHostEmulator? _emulator;
    private HttpClient? _client;
    private int _nextTest = -1;

    public FunctionsApp()
    {
    }

    /// <summary>An app of its own for one test, with settings that differ from the shared ones.</summary>
    internal FunctionsApp(IDictionary<string, string?> overrides) => _overrides = overrides;

    public FunctionsHostEmulator Emulator => _emulator ?? throw new InvalidOperationException("The Functions app is not started.");

    public HttpClient Client => _client ?? throw new InvalidOperationException("The Functions app is not started.");

    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Settings = FunctionsAppSettings.Create(_overrides);
        _emulator = await FunctionsHostEmulator.StartAsync(FunctionsAppBuild.Directory, FunctionsAppBuild.AssemblyName, Settings);
        _client = new HttpClient { BaseAddress = _emulator.BaseAddress };
    }

    /// <summary>The app as one test sees it: two accounts that no other test of this worker uses.</summary>
    public IRunningHost HostForOneTest() => new SharedHostForOneTest(
        Client, Interlocked.Increment(ref _nextTest),
        "The Functions app runs on the real clock: mark a test class that needs a controlled clock [ContextServerOnly].");

    /// <summary>The worker's Cosmos DB container, to look at what is physically stored.</summary>
    public Container OpenContainer(CosmosClient client) =>
        client.GetContainer(Settings["Cosmos__Database"], Settings["Cosmos__Container"]);

    /// <summary>
    /// The app's container once the worker has created it, which it does in the background at start: for tests that
    /// write documents themselves before any request of theirs has waited for it.
    /// </summary>
    public async Task<Container> CreatedContainerAsync(CosmosClient client)
    {
        var container = OpenContainer(client);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                await container.ReadContainerAsync(cancellationToken: timeout.Token);
                return container;
            }
            catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        await DeleteContainerAsync();
    }

    private async Task DeleteContainerAsync()
    {
        if (!Settings.TryGetValue("Cosmos__Container", out _))
        {
            return;
        }

        using var cosmos = TestCosmosClient.Create();
        try
        {
            await OpenContainer(cosmos).DeleteContainerAsync();
        }
        catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The worker never got to create it.
        }
    }
}
