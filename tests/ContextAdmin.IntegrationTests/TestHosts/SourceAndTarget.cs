using ContextAdmin.UnitTests.CommandLine;
using ContextServer.EndToEndTests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>Two ContextServers of ours on loopback, each on its own fresh container: the source and the target of a move.</summary>
public sealed class SourceAndTarget : IAsyncDisposable
{
    public const string Account = RunningServer.AccountA;
    public const string Key = RunningServer.KeyA;

    private SourceAndTarget(RunningServer source, RunningServer target, RequestGate sourceGate, RequestGate targetGate)
    {
        Source = source;
        Target = target;
        SourceGate = sourceGate;
        TargetGate = targetGate;
    }

    public RunningServer Source { get; }

    public RunningServer Target { get; }

    public RequestGate SourceGate { get; }

    public RequestGate TargetGate { get; }

    public string SourceUrl => Source.Client.BaseAddress!.ToString();

    public string TargetUrl => Target.Client.BaseAddress!.ToString();

    public static async Task<SourceAndTarget> StartAsync()
    {
        var sourceGate = new RequestGate();
        var targetGate = new RequestGate();
        var source = await RunningServer.StartAsync(services => services.AddSingleton<IStartupFilter>(sourceGate));
        var target = await RunningServer.StartAsync(services => services.AddSingleton<IStartupFilter>(targetGate));
        return new SourceAndTarget(source, target, sourceGate, targetGate);
    }

    /// <summary><c>copy</c> from the source to the target with the account's key on both, then the extra arguments.</summary>
    public Task<ToolRun> CopyAsync(CancellationToken cancellationToken, params string[] extra) =>
        ToolRun.RunAsync(
            ["copy", "--from", SourceUrl, "--from-key", Key, "--to", TargetUrl, "--to-key", Key, "--account", Account, "--rate", "0", .. extra],
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
