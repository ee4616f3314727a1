namespace ContextStore.UnitTests;

/// <summary>
/// This project runs with a plain <c>dotnet test</c> and no server: a test that needs Cosmos DB, Kestrel or the
/// Key Vault wire fixtures belongs in tests/ContextStore.IntegrationTests, which references them.
/// </summary>
public class TheUnitTestsNeedNoServer
{
    private static readonly string[] ServerAssemblies = ["ContextStore.Testing", "Microsoft.AspNetCore"];

    [Fact]
    public void NoUnitTestUsesTheCosmosFixturesOrAWebServer()
    {
        var referenced = typeof(TheUnitTestsNeedNoServer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var servers = referenced
            .Where(name => ServerAssemblies.Any(server => name.StartsWith(server, StringComparison.Ordinal)))
            .ToList();
        Assert.True(servers.Count == 0,
            $"The unit tests use {string.Join(", ", servers)}: move the tests that need a server to tests/ContextStore.IntegrationTests.");
        Assert.Contains("ContextStore", referenced);
    }

    /// <summary>Also when nothing uses them yet: a reference to the fixtures would copy them beside the tests.</summary>
    [Fact]
    public void TheCosmosFixturesAreNotEvenInTheOutput() =>
        Assert.Null(Type.GetType("ContextStore.Testing.LocalCosmos, ContextStore.Testing"));
}
