using static Repository.StaticTests.Deployment.AzdProvisionPreview;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// Values Azure would refuse only while it deploys (after other resources have changed) are refused when ARM
/// validates the template, which `azd provision --preview` and `azd provision` both do before changing anything.
/// </summary>
public sealed class TemplateValidationTests
{
    [Theory]
    [InlineData("1500")]
    [InlineData("2500")]
    [InlineData("10001")]
    public void AnAutoscaleMaximumThatIsNotAMultipleOf1000IsRefusedWithItsAzdName(string maximum)
    {
        var failure = FailureOf(("COSMOS_THROUGHPUT_MODE", "autoscale"), ("COSMOS_AUTOSCALE_MAX_RU", maximum));

        Assert.Contains("COSMOS_AUTOSCALE_MAX_RU", failure, StringComparison.Ordinal);
        Assert.Contains($"is {maximum}", failure, StringComparison.Ordinal);
        Assert.Contains("multiple of 1,000", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAutoscaleMaximumInStepsOf1000IsTakenAsItIs()
    {
        var container = Of(("COSMOS_THROUGHPUT_MODE", "autoscale"), ("COSMOS_AUTOSCALE_MAX_RU", "4000"))
            .Properties("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

        Assert.Equal(4000, container["options"]!["autoscaleSettings"]!["maxThroughput"]!.GetValue<int>());
    }

    [Fact]
    public void AServerlessAccountIgnoresTheAutoscaleMaximum()
    {
        var deployment = Of(("COSMOS_AUTOSCALE_MAX_RU", "1500"));

        Assert.Null(deployment.Properties("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers")["options"]!["autoscaleSettings"]);
    }

    [Fact]
    public void AnAutoscaleMaximumBelow1000IsRefused()
    {
        var failure = FailureOf(("COSMOS_THROUGHPUT_MODE", "autoscale"), ("COSMOS_AUTOSCALE_MAX_RU", "400"));

        Assert.Contains("cosmosAutoscaleMaxThroughput", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAllowedAddressWithoutAPrefixLengthIsRefused()
    {
        var failure = FailureOf(("CONTEXT_ALLOWED_IP_RANGES", "203.0.113.0/24,198.51.100.7"));

        Assert.Contains("CONTEXT_ALLOWED_IP_RANGES", failure, StringComparison.Ordinal);
        Assert.Contains("\"198.51.100.7\" is not an address range in CIDR form", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreAlwaysReadyInstancesThanTheMaximumInstanceCountAreRefused()
    {
        var failure = FailureOf(("CONTEXT_ALWAYS_READY_INSTANCES", "41"), ("CONTEXT_MAXIMUM_INSTANCES", "40"));

        Assert.Contains("CONTEXT_ALWAYS_READY_INSTANCES (alwaysReadyInstances) is 41, more than CONTEXT_MAXIMUM_INSTANCES", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("COSMOS_THROUGHPUT_MODE", "provisioned", "cosmosThroughputMode")]
    [InlineData("CONTEXT_INSTANCE_MEMORY_MB", "1024", "instanceMemoryMB")]
    [InlineData("CONTEXT_MAXIMUM_INSTANCES", "20", "maximumInstanceCount")]
    [InlineData("CONTEXT_HTTP_CONCURRENCY", "1001", "httpPerInstanceConcurrency")]
    public void AValueOutsideWhatThePlatformAcceptsIsRefused(string name, string value, string parameter)
    {
        var failure = FailureOf((name, value));

        Assert.Contains(parameter, failure, StringComparison.Ordinal);
    }
}
