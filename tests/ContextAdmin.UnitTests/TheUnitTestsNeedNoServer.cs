using System.Text.Json.Nodes;

namespace ContextAdmin.UnitTests;

/// <summary>
/// This project runs with a plain <c>dotnet test</c> and no server: a test that needs Cosmos DB, a running ContextServer,
/// a socket or a child process belongs in tests/ContextAdmin.IntegrationTests, which references them.
/// </summary>
public class TheUnitTestsNeedNoServer
{
    private static readonly string[] ServerAssemblies =
    [
        "ContextStore.Testing", "ContextServer", "Microsoft.AspNetCore", "Microsoft.Azure.Cosmos",
        "System.Net.Sockets", "System.Net.HttpListener", "System.Diagnostics.Process",
    ];

    [Fact]
    public void NoUnitTestUsesTheCosmosFixturesAServerASocketOrAProcess()
    {
        var referenced = typeof(TheUnitTestsNeedNoServer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var servers = referenced
            .Where(name => ServerAssemblies.Any(server => name.StartsWith(server, StringComparison.Ordinal)))
            .ToList();
        Assert.True(servers.Count == 0,
            $"The unit tests use {string.Join(", ", servers)}: move the tests that need them to tests/ContextAdmin.IntegrationTests.");
        Assert.Contains("ContextAdmin", referenced);
    }

    /// <summary>Also when nothing uses them yet: a project reference copies its assembly beside the tests.</summary>
    [Theory]
    [InlineData("ContextStore.Testing.dll")]
    [InlineData("ContextServer.dll")]
    public void NeitherTheCosmosFixturesNorContextServerAreInTheOutput(string assembly)
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "ContextAdmin.dll")), "not the test output folder");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, assembly)), $"{assembly} is referenced");
    }

    /// <summary>A framework reference to ASP.NET Core shows only in the runtime configuration, not as a copied file.</summary>
    [Fact]
    public void TheTestsRunOnTheBareRuntimeWithoutAspNetCore()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ContextAdmin.UnitTests.runtimeconfig.json");
        var options = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!;
        var frameworks = options["frameworks"]?.AsArray().Select(f => f!) ?? [options["framework"]!];

        var names = frameworks.Select(f => f["name"]!.GetValue<string>()).ToList();

        Assert.Equal(["Microsoft.NETCore.App"], names);
    }
}
