using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContextStore;

/// <summary>How every options class of the service is registered: bound from its section, checked when the host starts.</summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the section <paramref name="section"/> of <paramref name="configuration"/>
    /// (the one the caller was given, as BindConfiguration would with the container's IConfiguration) and validates its
    /// data annotations (and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) when the host
    /// starts, so a bad setting stops start-up with a message that names it instead of failing the first request.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
