using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class NamespaceEndpointsOnTheFunctionsApp(FunctionsApp app) : NamespaceEndpointsTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
