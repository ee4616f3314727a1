using ContextServer.Tests;
using ContextServer.Tests.Reliability;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class ContentionOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : ContentionTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
