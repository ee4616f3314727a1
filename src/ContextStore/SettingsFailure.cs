using Microsoft.Extensions.Options;

namespace ContextStore;

/// <summary>The one line a host prints when start-up stops on a bad setting.</summary>
public static class SettingsFailure
{
    /// <summary>
    /// The settings at fault as one line, or null when <paramref name="failure"/> is not about settings: a failed
    /// validation of an options class (one, or several at once), or a value the configuration binder could not convert
    /// (an unknown enum name, a number that is not one).
    /// </summary>
    public static string? Describe(Exception failure) => failure switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException many when many.InnerExceptions.Count > 0 && many.InnerExceptions.All(e => Describe(e) is not null) =>
            string.Join(" ", many.InnerExceptions.Select(e => Describe(e))),
        InvalidOperationException unconvertible
            when unconvertible.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => unconvertible.Message,
        _ => null,
    };
}
