using ContextAdmin.CommandLine;

namespace ContextAdmin.UnitTests.CommandLine;

/// <summary>One run of the tool as a user runs it, in this process: its exit code and what it wrote.</summary>
public sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public static async Task<ToolRun> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var keys = new KeyCommand(output, error, _ => throw new InvalidOperationException("No vault in these tests."), Path.GetTempPath());
        var tool = new ToolCommandLine(keys, new TransferCommands(error, errorIsTerminal: false), output, error);
        var exitCode = await tool.RunAsync(args, cancellationToken);
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit code {ExitCode}\n{Error}";
}
