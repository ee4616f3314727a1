using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class PropertyEndpointsOnTheFunctionsApp(FunctionsApp app) : PropertyEndpointsTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
