using System.Collections.Concurrent;
using System.Diagnostics;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// The worker's process, started as the Functions host starts a .NET isolated worker. Whatever happens to the tests,
/// no worker outlives them: <see cref="Dispose"/> kills a worker that is still running (after the emulator's grace
/// period), and so does the test process's exit.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const int KeptOutputLines = 200;
    private const int GrpcMaxMessageLength = int.MaxValue;

    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    static WorkerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            Kill(process);
        }
    };

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    public bool HasExited => Exited.IsCompleted;

    /// <summary>The last lines the worker wrote to stdout and stderr, for failure messages.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <param name="appDirectory">The build output holding <paramref name="assemblyName"/> and host.json.</param>
    /// <param name="appSettings">The app settings, which the host passes to the worker as environment variables.</param>
    public static WorkerProcess Start(
        string appDirectory, string assemblyName, Uri hostEndpoint, string workerId, IReadOnlyDictionary<string, string> appSettings)
    {
        var requestId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            Path.Combine(appDirectory, assemblyName),
            "--host", hostEndpoint.Host, "--port", hostEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", $"{GrpcMaxMessageLength}",
            "--functions-uri", hostEndpoint.ToString(), "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", $"{GrpcMaxMessageLength}",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        foreach (var (name, value) in appSettings)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, line) => worker.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Keep(line.Data);
        process.Start();
        Running[process.Id] = process;
        worker.Exited = process.WaitForExitAsync();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <returns>Whether the process exited within the timeout.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        await Task.WhenAny(Exited, Task.Delay(timeout));
        return Exited.IsCompleted;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill(_process);
        }

        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }

    // The dotnet CLI tells the processes it starts (the test host among them) where its muxer is.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}
