using System.Reflection;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ContextStore.Contract;
using ContextStore.Http;

namespace Repository.StaticTests.Architecture;

/// <summary>
/// The store's assemblies as ArchUnitNET reads them: ContextStore, ContextStore.Contract, ContextStore.Http, and the
/// Functions app from its build output (it is an executable the tests do not reference), loaded once.
/// </summary>
public static class StoreArchitecture
{
    public const string FunctionsAssemblyName = "ContextFunctions.dll";

    public static string FunctionsOutput { get; } = typeof(StoreArchitecture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ContextFunctionsOutput").Value!;

    public static ArchUnitNET.Domain.Architecture Loaded { get; } = new ArchLoader()
        .LoadAssemblies(
            typeof(ContextStore.DependencyInjection).Assembly,
            typeof(ContextNames).Assembly,
            typeof(ContextApiEndpoints).Assembly)
        .LoadFilteredDirectory(FunctionsOutput, FunctionsAssemblyName)
        .Build();

    public static IEnumerable<IType> TypesOf(string assemblyName) =>
        Loaded.Types.Where(t => t.Assembly.Name.StartsWith(assemblyName + ",", StringComparison.Ordinal));
}
