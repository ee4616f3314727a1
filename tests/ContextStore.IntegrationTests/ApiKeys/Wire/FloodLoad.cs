namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>
/// Floods keep both cores busy for seconds: they run alone, after the parallel tests, so the tests with one-second
/// vault timeouts do not time out under their load.
/// </summary>
[CollectionDefinition(nameof(FloodLoad), DisableParallelization = true)]
public sealed class FloodLoad;
