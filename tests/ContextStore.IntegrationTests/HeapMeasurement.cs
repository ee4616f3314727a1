namespace ContextStore.IntegrationTests;

/// <summary>Tests that measure this process's heap run alone, after the parallel ones, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(HeapMeasurement), DisableParallelization = true)]
public sealed class HeapMeasurement;
