using ContextStore.Cosmos;
using ContextStore.Testing;
using Microsoft.Azure.Cosmos;

namespace ContextFunctions.EndToEndTests;

/// <summary>A client of the tests' Cosmos DB endpoint, to look at stored documents and clean up containers.</summary>
public static class TestCosmosClient
{
    public static CosmosClient Create() => CosmosClientFactory.Create(new CosmosOptions
    {
        Endpoint = LocalCosmos.Endpoint,
        Key = LocalCosmos.Key,
        AcceptEmulatorCertificate = true,
    });
}
