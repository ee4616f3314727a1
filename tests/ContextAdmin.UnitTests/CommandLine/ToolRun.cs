using ContextAdmin.Azd;
using ContextAdmin.CommandLine;

namespace ContextAdmin.UnitTests.CommandLine;

/// <summary>One run of the tool as a user runs it, in this process: its exit code and what it wrote.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <param name="processes">What azd and az answer the azd hooks; by default the hooks may run neither.</param>
    public static async Task<ToolRun> RunAsync(string[] args, CancellationToken cancellationToken, IProcessRunner? processes = null, string? workingDirectory = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var directory = workingDirectory ?? Path.GetTempPath();
        var keys = new KeyCommand(output, error, _ => throw new InvalidOperationException("No vault in these tests."), directory);
        processes ??= new NoProcesses();
        var azdHooks = new AzdHookCommands(
            new PreprovisionCheck(processes, output, error),
            new PostprovisionSteps(processes, keys.RunAsync, TimeProvider.System, _ => null, directory, output, error));
        var tool = new ToolCommandLine(keys, new TransferCommands(error, errorIsTerminal: false), azdHooks, output, error);
        var exitCode = await tool.RunAsync(args, cancellationToken);
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit code {ExitCode}\n{Error}";

    private sealed class NoProcesses : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, bool discardErrors, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"No {program} in these tests.");
    }
}
