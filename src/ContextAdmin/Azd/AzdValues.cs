using System.Text;
using System.Text.RegularExpressions;

namespace ContextAdmin.Azd;

/// <summary>
/// The values of the azd environment, as <c>azd env get-values</c> prints them: godotenv's Marshal, <c>KEY="value"</c>
/// lines (a whole number unquoted), the value with <c>\ " ! $ `</c> escaped by a backslash and a line break and carriage
/// return as <c>\n</c> and <c>\r</c>. Nothing in them is evaluated. An empty value counts as not set.
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
                value = Unescaped(value.AsSpan(1, value.Length - 2));
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

    /// <summary>In one pass from the left, so that an escaped backslash never starts another escape.</summary>
    private static string Unescaped(ReadOnlySpan<char> quoted)
    {
        var value = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] != '\\' || i == quoted.Length - 1)
            {
                value.Append(quoted[i]);
                continue;
            }

            i++;
            value.Append(quoted[i] switch
            {
                'n' => '\n',
                'r' => '\r',
                var escaped => escaped,
            });
        }

        return value.ToString();
    }

    [GeneratedRegex("^(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>.*)$")]
    private static partial Regex Line();
}

/// <summary>A hook cannot go on (the azd environment cannot be read or written, or az failed): exit code 1 with the message.</summary>
public sealed class AzdHookException(string message) : Exception(message);
