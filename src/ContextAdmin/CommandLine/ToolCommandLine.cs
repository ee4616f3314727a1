using System.CommandLine;
using System.CommandLine.Help;

namespace ContextAdmin.CommandLine;

/// <summary>
/// The whole tool: the root command creates an API key (its options are the key command's, unchanged), the
/// subcommands copy, export and import move a brand's context, and azd preprovision|postprovision are azure.yaml's hooks.
/// </summary>
public sealed class ToolCommandLine
{
    private readonly RootCommand _root = new("ContextAdmin: API keys of the Context API, and moving a brand's context in and out.");
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly Func<ParseResult, CancellationToken, Task<int>> _runKeyCommand;

    public ToolCommandLine(KeyCommand keys, TransferCommands transfers, AzdHookCommands azdHooks, TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        var keyOptions = new KeyCommandLine();
        keyOptions.AddTo(_root);
        _runKeyCommand = (result, token) => keys.RunAsync(() => keyOptions.Read(result), token);
        _root.SetAction(_runKeyCommand);
        transfers.AddTo(_root);
        azdHooks.AddTo(_root);
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = _root.Parse(args);
        var command = result.CommandResult.Command;
        if (ReferenceEquals(command, _root))
        {
            // The key command reports its own mistakes and prints its own usage, exactly as before the subcommands came.
            return await _runKeyCommand(result, cancellationToken).ConfigureAwait(false);
        }

        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            foreach (var error in result.Errors)
            {
                await _error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await _error.WriteLineAsync($"See: ContextAdmin {command.Name} --help").ConfigureAwait(false);
            return ExitCodes.BadArguments;
        }

        // No termination handling of System.CommandLine's own: it cancels a source it disposes when the command returns, so a
        // signal while the process ends crashed it (exit code 134). Interruption turns Ctrl-C and SIGTERM into cancellationToken.
        var configuration = new InvocationConfiguration { Output = _output, Error = _error, ProcessTerminationTimeout = null };
        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
