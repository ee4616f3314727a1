using System.Net;
using ContextStore.Cosmos;
using ContextStore.Http.Health;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moq;

namespace ContextServer.EndToEndTests.Health;

/// <summary>
/// The readiness check as both hosts run it, on a mocked Cosmos DB container: GET /readyz is anonymous, so a flood of
/// probes must not become a flood of Cosmos DB requests.
/// </summary>
public sealed class ReadinessCheckTests
{
    private readonly Mock<Container> _container = new();
    private int _reads;

    [Fact]
    public async Task ConcurrentChecksShareOneCosmosReadAndAHealthyAnswerIsReusedForASecond()
    {
        var answer = new TaskCompletionSource<ContainerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        ReadContainerDoes(() => answer.Task);
        var probe = Probe();

        var checks = Enumerable.Range(0, 200).Select(_ => probe.CheckHealthAsync(Readiness.Decides)).ToList();
        await WaitForReadsAsync(1);
        answer.SetResult(new Mock<ContainerResponse>().Object);
        var reports = await Task.WhenAll(checks);
        var again = await probe.CheckHealthAsync(Readiness.Decides);

        Assert.All(reports, r => Assert.Equal(HealthStatus.Healthy, r.Status));
        Assert.Equal(HealthStatus.Healthy, again.Status);
        Assert.Equal(1, Volatile.Read(ref _reads));
    }

    [Fact]
    public async Task AnUnhealthyAnswerIsReusedForASecondThenTheCheckAsksCosmosAgain()
    {
        ReadContainerDoes(() => Task.FromException<ContainerResponse>(new CosmosException("down", HttpStatusCode.ServiceUnavailable, 0, "", 0)));
        var probe = Probe();

        var first = await probe.CheckHealthAsync(Readiness.Decides);
        var second = await probe.CheckHealthAsync(Readiness.Decides);
        Assert.Equal(1, Volatile.Read(ref _reads));
        await Task.Delay(CosmosReadinessCheck.AnswerReuse + TimeSpan.FromMilliseconds(200));
        var third = await probe.CheckHealthAsync(Readiness.Decides);

        Assert.Equal([HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy], new[] { first.Status, second.Status, third.Status });
        Assert.Equal(2, Volatile.Read(ref _reads));
        Assert.DoesNotContain("down", first.Entries["cosmos"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHealthyAnswerExpiresAndTheCheckAsksCosmosAgain()
    {
        ReadContainerDoes(() => Task.FromResult(new Mock<ContainerResponse>().Object));
        var probe = Probe();

        await probe.CheckHealthAsync(Readiness.Decides);
        await Task.Delay(CosmosReadinessCheck.AnswerReuse + TimeSpan.FromMilliseconds(200));
        await probe.CheckHealthAsync(Readiness.Decides);

        Assert.Equal(2, Volatile.Read(ref _reads));
    }

    private void ReadContainerDoes(Func<Task<ContainerResponse>> read) =>
        _container.Setup(c => c.ReadContainerAsync(It.IsAny<ContainerRequestOptions>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                Interlocked.Increment(ref _reads);
                return read();
            });

    private HealthCheckService Probe()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new ContextContainer(_container.Object));
        services.AddReadiness();
        return services.BuildServiceProvider().GetRequiredService<HealthCheckService>();
    }

    private async Task WaitForReadsAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Volatile.Read(ref _reads) < count)
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
