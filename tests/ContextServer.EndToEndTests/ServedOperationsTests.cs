using ContextStore.Http;

namespace ContextServer.EndToEndTests;

/// <summary>ContextServer maps exactly the operations of the table, each under its name, method and route.</summary>
public sealed class ServedOperationsTests
{
    [Fact]
    public async Task ContextServerServesExactlyTheOperationsOfTheTable()
    {
        var declared = ContextOperations.All.Select(o => $"{o.Name} {o.Method} /{o.Route.TrimStart('/')}").Order(StringComparer.Ordinal);
        var served = (await ServedRoutes.ReadAsync())
            .Where(r => r.Name is not null)
            .Select(r => $"{r.Name} {r.Verb} /{r.Template.TrimStart('/')}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, served);
    }
}
