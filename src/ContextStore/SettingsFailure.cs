using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextStore;

/// <summary>The one line a host prints when start-up stops on a bad setting.</summary>
public static class SettingsFailure
{
    /// <summary>
    /// Runs the checks that ValidateOnStart registered, before the host starts (so that the host does not log the
    /// failure with a stack trace first): the one line describing the bad settings, or null when they are all good.
    /// </summary>
    public static string? Check(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception e) when (Describe(e) is { } line)
        {
            return line;
        }
    }

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
