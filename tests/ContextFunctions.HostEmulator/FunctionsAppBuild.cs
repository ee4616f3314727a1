using System.Reflection;

namespace ContextFunctions.HostEmulator;

/// <summary>Where the Functions app's build output is: this project's reference to src/ContextFunctions builds it first.</summary>
public static class FunctionsAppBuild
{
    public const string AssemblyName = "ContextFunctions.dll";

    public static string Directory { get; } = typeof(FunctionsAppBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ContextFunctionsOutput").Value!;
}
