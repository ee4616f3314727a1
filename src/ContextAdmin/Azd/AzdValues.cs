using System.Text.RegularExpressions;

namespace ContextAdmin.Azd;

/// <summary>
/// The values of the azd environment, as <c>azd env get-values</c> prints them (<c>KEY="value"</c> lines, the value
/// with <c>\"</c> and <c>\\</c> escaped). Nothing in them is evaluated. An empty value counts as not set.
/// </summary>
public sealed partial class AzdValues
{
    private readonly Dictionary<string, string> _values;

    private AzdValues(Dictionary<string, string> values) => _values = values;

    /// <summary>The value, or <paramref name="fallback"/> when it is missing or empty.</summary>
    public string Get(string name, string fallback = "") =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : fallback;

    public bool IsSet(string name) => Get(name).Length > 0;

    public static AzdValues Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var match = Line().Match(line.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups["value"].Value;
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            // A key given twice: the last line wins, as it does for azd.
            values[match.Groups["name"].Value] = value;
        }

        return new AzdValues(values);
    }

    /// <summary>Runs <c>azd env get-values</c> (the environment azd runs the hook for: azd sets AZURE_ENV_NAME for it).</summary>
    public static async Task<AzdValues> ReadAsync(IProcessRunner runner, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync("azd", ["env", "get-values"], discardErrors: false, cancellationToken).ConfigureAwait(false);
        if (!run.Found)
        {
            throw new AzdHookException("the Azure Developer CLI (azd) is not installed, so the azd environment cannot be read.");
        }

        if (run.ExitCode != 0)
        {
            throw new AzdHookException($"azd env get-values failed (exit code {run.ExitCode}).");
        }

        return Parse(run.Output);
    }

    /// <summary>Sets a value with <c>azd env set</c>; azd reloads the environment after each hook, so provisioning sees it.</summary>
    public static async Task SetAsync(IProcessRunner runner, string name, string value, CancellationToken cancellationToken)
    {
        var run = await runner.RunAsync("azd", ["env", "set", name, value], discardErrors: false, cancellationToken).ConfigureAwait(false);
        if (!run.Succeeded)
        {
            throw new AzdHookException($"azd env set {name} failed (exit code {run.ExitCode}).");
        }
    }

    [GeneratedRegex("^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$")]
    private static partial Regex Line();
}

/// <summary>A hook cannot go on (the azd environment cannot be read or written, or az failed): exit code 1 with the message.</summary>
public sealed class AzdHookException(string message) : Exception(message);
