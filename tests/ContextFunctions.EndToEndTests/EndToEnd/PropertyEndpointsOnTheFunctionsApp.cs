using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class PropertyEndpointsOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : PropertyEndpointsTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
