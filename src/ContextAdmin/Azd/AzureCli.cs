namespace ContextAdmin.Azd;

/// <summary>
/// Read-only queries through the Azure CLI in the azd environment's subscription, answered as trimmed tsv text.
/// The CLI prints JSON booleans as True/False in tsv: callers compare them in lower case.
/// </summary>
public sealed class AzureCli(IProcessRunner runner, string subscription)
{
    private IEnumerable<string> Subscription => subscription.Length > 0 ? ["--subscription", subscription] : [];

    /// <returns>False when az is not installed (<see cref="ProcessResult.Found"/>) or not signed in.</returns>
    public async Task<ProcessResult> AccountShowAsync(CancellationToken cancellationToken) =>
        await runner.RunAsync("az", ["account", "show", .. Subscription, "--output", "none"], discardErrors: true, cancellationToken).ConfigureAwait(false);

    /// <summary>The query's answer; a failing query stops the check (<see cref="AzdHookException"/>).</summary>
    public async Task<string> QueryAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync("az", [.. arguments, .. Subscription, "--output", "tsv"], discardErrors: false, cancellationToken).ConfigureAwait(false);
        if (!run.Succeeded)
        {
            throw new AzdHookException($"az {string.Join(' ', arguments)} failed (exit code {run.ExitCode}); nothing was changed.");
        }

        return run.Output.Trim();
    }

    /// <summary>The query's answer, or empty when it fails (for a value that a failure means is absent).</summary>
    public async Task<string> QueryOrEmptyAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync("az", [.. arguments, .. Subscription, "--output", "tsv"], discardErrors: true, cancellationToken).ConfigureAwait(false);
        return run.Succeeded ? run.Output.Trim() : "";
    }
}
