using System.Reflection;

namespace ContextAdmin.IntegrationTests;

/// <summary>The tool checks names with ContextStore.Contract alone: neither the store nor the Cosmos DB SDK comes with it.</summary>
public class AssemblyReferencesTests
{
    private static readonly IReadOnlyList<string> ReferencedAssemblies =
        typeof(ApiKeyGenerator).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    [Fact]
    public void TheToolReferencesTheNameRules() =>
        Assert.Contains("ContextStore.Contract", ReferencedAssemblies);

    [Theory]
    [InlineData("ContextStore")]
    [InlineData("ContextStore.Http")]
    [InlineData("Microsoft.Azure.Cosmos.Client")]
    public void TheToolDoesNotReferenceTheStoreOrTheCosmosSdk(string assembly) =>
        Assert.DoesNotContain(assembly, ReferencedAssemblies);

    [Fact]
    public void NoCosmosSdkIsCopiedBesideTheTool()
    {
        var toolDirectory = Path.GetDirectoryName(typeof(ApiKeyGenerator).Assembly.Location)!;
        var depsFile = Path.Combine(toolDirectory, "ContextAdmin.deps.json");

        Assert.DoesNotContain("Microsoft.Azure.Cosmos", File.ReadAllText(depsFile), StringComparison.OrdinalIgnoreCase);
    }
}
