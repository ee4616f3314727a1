using System.Diagnostics;

namespace ContextAdmin.Azd;

/// <summary>Runs a program found on PATH; its standard error goes to ours unless discarded, its output is returned.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    public async Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, bool discardErrors, CancellationToken cancellationToken)
    {
        var path = ExecutableSearch.Find(program);
        if (path is null)
        {
            return ProcessResult.NotFound;
        }

        var start = new ProcessStartInfo(path, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = discardErrors,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = discardErrors ? process.StandardError.ReadToEndAsync(cancellationToken) : Task.FromResult("");
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            return new ProcessResult(true, process.ExitCode, await output.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
