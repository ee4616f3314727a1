using ContextServer.EndToEndTests;
using ContextServer.EndToEndTests.Reliability;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class ContentionOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : ContentionTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
