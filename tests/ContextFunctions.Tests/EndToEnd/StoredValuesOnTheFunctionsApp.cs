using ContextServer.Tests;

namespace ContextFunctions.Tests.EndToEnd;

public sealed class StoredValuesOnTheFunctionsApp(FunctionsApp app) : StoredValuesTests, IClassFixture<FunctionsApp>
{
    protected override Task<IRunningHost> StartHostAsync() => Task.FromResult(app.HostForOneTest());
}
