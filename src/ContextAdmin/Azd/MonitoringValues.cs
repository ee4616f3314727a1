using System.Text.RegularExpressions;

namespace ContextAdmin.Azd;

/// <summary>
/// The azd values of the alerts and the Log Analytics workspace, which the preprovision hook checks whatever the region
/// and before any az call. The template refuses them too (fail(), @minValue/@maxValue), but only once azd has resolved
/// the parameters: these messages name the azd value and say what it accepts.
/// </summary>
public static partial class MonitoringValues
{
    public const string AlertEmail = "CONTEXT_ALERT_EMAIL";
    public const string LogDailyCapGb = "CONTEXT_LOG_DAILY_CAP_GB";

    /// <summary>What is wrong with the values, one message each; empty when the deployment takes them.</summary>
    public static IReadOnlyList<string> Refusals(AzdValues values)
    {
        var refusals = new List<string>();
        foreach (var address in values.Get(AlertEmail).Split(',').Select(a => a.Trim()).Where(a => a.Length > 0))
        {
            if (!EmailAddress().IsMatch(address))
            {
                refusals.Add($"{AlertEmail}: \"{address}\" is not an e-mail address such as ops@example.com (separate several with commas).");
            }
        }

        var cap = values.Get(LogDailyCapGb);
        if (cap.Length > 0 && !IsWholeGbFrom0To1000(cap))
        {
            refusals.Add($"{LogDailyCapGb} is \"{cap}\": a whole number of GB from 0 (no cap) to 1000.");
        }

        return refusals;
    }

    /// <summary>ASCII digits only, leading zeros allowed, at most 1000 (compared without parsing a number int cannot hold).</summary>
    private static bool IsWholeGbFrom0To1000(string value)
    {
        if (!value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var digits = value.TrimStart('0');
        return digits.Length <= 4 && (digits.Length == 0 || int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) <= 1000);
    }

    // One @ between a local part and a domain with a dot, the domain neither starting nor ending with a dot, no spaces.
    // NonBacktracking: linear in the length of the value (backtracking takes seconds for a domain of 100,000 dots).
    [GeneratedRegex(@"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EmailAddress();
}
