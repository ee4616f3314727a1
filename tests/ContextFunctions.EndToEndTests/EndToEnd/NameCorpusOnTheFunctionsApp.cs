using ContextServer.EndToEndTests;

namespace ContextFunctions.EndToEndTests.EndToEnd;

public sealed class NameCorpusOnTheFunctionsApp(FunctionsApp app, ContextServerForClass contextServer)
    : NameCorpusTests(contextServer), IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
