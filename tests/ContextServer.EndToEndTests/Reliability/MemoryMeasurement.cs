namespace ContextServer.EndToEndTests.Reliability;

/// <summary>Tests that measure the process's memory run alone, after the parallel ones, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
