using ContextAdmin.UnitTests.CommandLine;

namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>A scripted source and a scripted (recording) target on loopback, and a scratch folder for the failures file.</summary>
public abstract class ScriptedTransfer : IAsyncLifetime
{
    protected ScriptedEndpoint Source { get; private set; } = null!;

    protected ScriptedEndpoint Target { get; private set; } = null!;

    protected string WorkFolder { get; } = Directory.CreateTempSubdirectory("context-scripted-").FullName;

    protected string FailuresFile => Path.Combine(WorkFolder, "failures.jsonl");

    public virtual async Task InitializeAsync()
    {
        Source = await ScriptedEndpoint.StartAsync();
        Target = await ScriptedEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
        Directory.Delete(WorkFolder, recursive: true);
    }

    /// <summary><c>copy</c> from the source to the target, the failures listed in <see cref="FailuresFile"/>, then the extra arguments.</summary>
    protected Task<ToolRun> CopyAsync(params string[] extra) =>
        ToolRun.RunAsync(
            ["copy", "--from", Source.Url.ToString(), "--from-key", ScriptedEndpoint.Key, "--to", Target.Url.ToString(), "--to-key", ScriptedEndpoint.Key,
             "--account", ScriptedEndpoint.Account, "--rate", "0", "--failures", FailuresFile, .. extra],
            CancellationToken.None);

    /// <summary>The raw targets of the writes the target received, after the account's path.</summary>
    protected IReadOnlyList<string> TargetWrites() =>
        Target.Writes.Select(w => $"{w.Method} {w.RawTarget[$"/v1/account/{ScriptedEndpoint.Account}".Length..]}").ToList();
}
