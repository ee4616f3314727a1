using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

/// <summary>A new end-to-end test class of ContextServer.EndToEndTests runs on the Functions app too, or says why it cannot.</summary>
public sealed class EveryEndToEndTestClassRunsOnBothHosts
{
    [Fact]
    public void EachEndToEndTestClassHasAFunctionsAppTwinOrIsMarkedContextServerOnly()
    {
        var twins = typeof(EveryEndToEndTestClassRunsOnBothHosts).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(EndToEndTestBase))).Select(t => t.BaseType).ToHashSet();
        var endToEnd = typeof(EndToEndTestBase).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(EndToEndTestBase)) && !t.IsAbstract)
            .ToList();

        var missing = endToEnd
            .Where(t => !twins.Contains(t) && t.GetCustomAttributes(typeof(ContextServerOnlyAttribute), false).Length == 0)
            .Select(t => t.FullName)
            .ToList();

        Assert.NotEmpty(endToEnd);
        Assert.True(missing.Count == 0,
            $"Add a class deriving from each of these in tests/ContextFunctions.EndToEndTests/EndToEnd, or mark it [ContextServerOnly(\"why\")]: {string.Join(", ", missing)}");
    }
}
