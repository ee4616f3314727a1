using System.Net;
using ContextStore.Contract;
using ContextStore.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ContextStore.UnitTests.Cosmos;

/// <summary>The read that warms the Cosmos DB client up as a host starts, on a mocked container.</summary>
public sealed class CosmosWarmUpTests
{
    private readonly Mock<Container> _container = new();
    private readonly List<(string Id, PartitionKey Partition)> _reads = [];

    public CosmosWarmUpTests() =>
        _container.Setup(c => c.ReadItemStreamAsync(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .Callback((string id, PartitionKey partition, ItemRequestOptions _, CancellationToken _) => _reads.Add((id, partition)))
            .ReturnsAsync(() => new ResponseMessage(HttpStatusCode.NotFound));

    [Fact]
    public async Task AStartingHostReadsOneSessionOnce()
    {
        await RunAsync(new CosmosOptions { Endpoint = "https://localhost:8081/" });

        var read = Assert.Single(_reads);
        Assert.Equal(CosmosWarmUp.Key.SessionId, read.Id);
        Assert.Equal(ContextContainer.SessionPartition(CosmosWarmUp.Key), read.Partition);
    }

    [Fact]
    public void TheSessionItReadsBelongsToNoAccountAClientCanName() =>
        Assert.Throws<InvalidRequestException>(() => ContextNames.ValidateAccountId(CosmosWarmUp.Key.AccountId));

    [Fact]
    public async Task AFailedReadLeavesTheHostRunning()
    {
        _container.Setup(c => c.ReadItemStreamAsync(It.IsAny<string>(), It.IsAny<PartitionKey>(), It.IsAny<ItemRequestOptions>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new CosmosException("down", HttpStatusCode.ServiceUnavailable, 0, "", 0));

        var warmUp = await RunAsync(new CosmosOptions { Endpoint = "https://localhost:8081/" });

        Assert.True(warmUp.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WithWarmUpAtStartOffNothingIsRead()
    {
        await RunAsync(new CosmosOptions { Endpoint = "https://localhost:8081/", WarmUpAtStart = false });

        Assert.Empty(_reads);
    }

    private async Task<CosmosWarmUp> RunAsync(CosmosOptions settings)
    {
        var options = Options.Create(settings);
        var creation = new ContextContainerCreation(
            new ContextContainerInitializer(Mock.Of<CosmosClient>(), options, NullLogger<ContextContainerInitializer>.Instance),
            options, NullLogger<ContextContainerCreation>.Instance);
        var warmUp = new CosmosWarmUp(new ContextContainer(_container.Object), creation, options, NullLogger<CosmosWarmUp>.Instance);
        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        return warmUp;
    }
}
