using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// Plays the Azure Functions host's part for the test suite: starts the built worker as the host does, loads its
/// functions over <c>FunctionRpc.EventStream</c>, serves their HTTP routes on a loopback port and invokes timer
/// functions on demand; <see cref="DisposeAsync"/> stops the worker with WorkerTerminate (and kills it only if it
/// outlives the grace period). It does not stand in for the host's own behaviour: host.json limits and timeouts,
/// auth levels, the timer's schedule and its blob-lease singleton, scale-out, the host's proxy and error pages.
/// </summary>
public sealed class FunctionsHostEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan TerminateGracePeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(15);

    private readonly WorkerRpcServer _rpcServer;
    private readonly WorkerChannel _channel;
    private readonly WorkerProcess _worker;
    private readonly IReadOnlyDictionary<string, string> _appSettings;
    private HttpFrontDoor? _frontDoor;
    private List<LoadedFunction> _functions = [];

    private FunctionsHostEmulator(
        WorkerRpcServer rpcServer, WorkerChannel channel, WorkerProcess worker, IReadOnlyDictionary<string, string> appSettings)
    {
        _rpcServer = rpcServer;
        _channel = channel;
        _worker = worker;
        _appSettings = appSettings;
    }

    /// <summary>Where the functions' routes are served.</summary>
    public Uri BaseAddress => _frontDoor?.Address ?? throw new InvalidOperationException("The functions are not loaded.");

    public IReadOnlyList<LoadedFunction> Functions => _functions;

    /// <summary>From the worker's process start until its last function was loaded.</summary>
    public TimeSpan StartToReady { get; private set; }

    public WorkerProcess Worker => _worker;

    /// <summary>Whether the worker stopped by itself on WorkerTerminate, rather than being killed or crashing.</summary>
    public bool StoppedOnWorkerTerminate { get; private set; }

    /// <param name="appDirectory">The Functions app's build output.</param>
    /// <param name="assemblyName">The worker assembly in it, e.g. ContextFunctions.dll.</param>
    /// <param name="appSettings">App settings, passed to the worker as environment variables (e.g. <c>Cosmos__Endpoint</c>).</param>
    public static async Task<FunctionsHostEmulator> StartAsync(
        string appDirectory, string assemblyName, IReadOnlyDictionary<string, string> appSettings)
    {
        if (!File.Exists(Path.Combine(appDirectory, assemblyName)))
        {
            throw new FileNotFoundException($"The Functions app is not built: {Path.Combine(appDirectory, assemblyName)} does not exist.");
        }

        var routePrefix = HostJson.ReadRoutePrefix(appDirectory);
        var channel = new WorkerChannel(Guid.NewGuid().ToString());
        var rpcServer = await WorkerRpcServer.StartAsync(channel);
        var started = Stopwatch.StartNew();
        var worker = WorkerProcess.Start(appDirectory, assemblyName, rpcServer.Address, channel.WorkerId, appSettings);
        var emulator = new FunctionsHostEmulator(rpcServer, channel, worker, appSettings);
        try
        {
            var workerHttpUri = await emulator.LoadFunctionsAsync(appDirectory);
            await emulator.WaitForWorkerHttpAsync(workerHttpUri);
            emulator._frontDoor = await HttpFrontDoor.StartAsync(emulator._functions, routePrefix, channel, workerHttpUri);
            emulator.StartToReady = started.Elapsed;
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invokes a timer function as its schedule would, and waits until it has run.</summary>
    /// <exception cref="InvalidOperationException">The function failed.</exception>
    public async Task InvokeTimerAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var function = _functions.SingleOrDefault(f => f.Name == functionName && f.Trigger.IsTimer)
            ?? throw new ArgumentException($"{functionName} is not a timer function of this app.", nameof(functionName));
        var schedule = TimerSchedule.Resolve(function.Name, function.Trigger.Schedule, _appSettings);
        var now = DateTime.UtcNow;
        var timerInfo = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = now, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
            IsPastDue = false,
        });
        var invocation = InvocationRequests.For(function, new TypedData { Json = timerInfo });

        var response = await _channel.InvokeAsync(invocation, cancellationToken).WaitAsync(RequestTimeout, cancellationToken);
        if (response.Result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{functionName} failed: {response.Result.Exception?.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel.IsOpen && !_worker.HasExited)
        {
            _channel.Terminate(TerminateGracePeriod);
            StoppedOnWorkerTerminate = await _worker.WaitForExitAsync(ExitWait);
        }

        // The last resort: a worker that ignored WorkerTerminate, or never connected.
        _worker.Dispose();
        if (_frontDoor is not null)
        {
            await _frontDoor.DisposeAsync();
        }

        await _rpcServer.DisposeAsync();
    }

    private async Task<Uri> LoadFunctionsAsync(string appDirectory)
    {
        await WaitForConnectionAsync();

        var init = await RequestAsync(new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "4.0.0-emulator",
                WorkerDirectory = appDirectory,
                FunctionAppDirectory = appDirectory,
            },
        });
        EnsureSuccess("WorkerInitRequest", init.WorkerInitResponse.Result);
        var httpUri = init.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var uri)
            ? new Uri(uri)
            : throw Failure("The worker reported no HttpUri capability: is ASP.NET Core integration configured?");

        var metadata = await RequestAsync(new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        });
        EnsureSuccess("FunctionsMetadataRequest", metadata.FunctionMetadataResponse.Result);

        var functions = new List<LoadedFunction>();
        foreach (var function in metadata.FunctionMetadataResponse.FunctionMetadataResults)
        {
            var loaded = new LoadedFunction(function.Name, function.FunctionId, FunctionTrigger.Read(function), function);
            if (loaded.Trigger.IsTimer)
            {
                TimerSchedule.Resolve(loaded.Name, loaded.Trigger.Schedule, _appSettings);
            }

            var load = await RequestAsync(new StreamingMessage
            {
                FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function },
            });
            EnsureSuccess($"FunctionLoadRequest of {function.Name}", load.FunctionLoadResponse.Result);
            functions.Add(loaded);
        }

        _functions = functions;
        return httpUri;
    }

    /// <summary>
    /// Waits until the worker's own HTTP endpoint accepts a connection, each attempt cut off after a second: on this
    /// sandbox a first connection to a fresh worker was once held 15 s (the forwarder's connect timeout) before it failed.
    /// </summary>
    private async Task WaitForWorkerHttpAsync(Uri workerHttpUri)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.ConnectAsync(workerHttpUri.Host, workerHttpUri.Port, attempt.Token);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (_worker.HasExited || deadline.Elapsed > StartTimeout)
                {
                    throw Failure($"The worker's HTTP endpoint {workerHttpUri} did not accept a connection: {e.Message}", e);
                }
            }

            await Task.Delay(10);
        }
    }

    private async Task WaitForConnectionAsync()
    {
        var first = await Task.WhenAny(_channel.Connected, _worker.Exited, Task.Delay(StartTimeout));
        if (first != _channel.Connected || _channel.Connected.IsFaulted)
        {
            throw Failure(_worker.HasExited
                ? "The worker exited before it connected."
                : $"The worker did not connect within {StartTimeout.TotalSeconds:0} s.");
        }
    }

    private async Task<StreamingMessage> RequestAsync(StreamingMessage request)
    {
        try
        {
            return await _channel.RequestAsync(request, RequestTimeout);
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            throw Failure(e.Message, e);
        }
    }

    private void EnsureSuccess(string step, StatusResult? result)
    {
        if (result?.Status != StatusResult.Types.Status.Success)
        {
            throw Failure($"{step} failed: {result?.Exception?.Message}");
        }
    }

    private InvalidOperationException Failure(string message, Exception? inner = null) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"{message}{Environment.NewLine}Worker errors:{Environment.NewLine}{string.Join(Environment.NewLine, _channel.WorkerErrors)}" +
            $"{Environment.NewLine}Worker output:{Environment.NewLine}{_worker.RecentOutput}"),
        inner);
}
