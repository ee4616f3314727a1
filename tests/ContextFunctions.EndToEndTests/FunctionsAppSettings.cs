using ContextServer.EndToEndTests;
using ContextStore.Testing;

namespace ContextFunctions.EndToEndTests;

/// <summary>
/// The app settings the tests give the worker, as environment variable names: a fresh Cosmos DB container, the
/// sweep schedule of local.settings.sample.json, and the <see cref="AccountPools"/>, so that tests sharing one worker
/// each get accounts of their own.
/// </summary>
public static class FunctionsAppSettings
{
    public const string SweepSchedule = "0 */5 * * * *";

    public static Dictionary<string, string> Create(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(LocalCosmos.FreshContainerSettings())
        {
            ["Sweeper:Schedule"] = SweepSchedule,
            // The worker's own Application Insights and console logs would only slow it down here.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in AccountPools.ApiKeySettings().Concat(overrides ?? new Dictionary<string, string?>()))
        {
            settings[key] = value;
        }

        return settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
    }
}
