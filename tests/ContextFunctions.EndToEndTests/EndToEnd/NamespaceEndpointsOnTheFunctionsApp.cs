using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class NamespaceEndpointsOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : NamespaceEndpointsTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
