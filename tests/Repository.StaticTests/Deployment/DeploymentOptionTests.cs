using System.Text.Json.Nodes;
using static Repository.StaticTests.Deployment.AzdProvisionPreview;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// Each azd value of infra/README.md, off (the quickstart: `azd up` with no extra value) and on, as ARM evaluates
/// infra/main.bicep for it (<see cref="AzdProvisionPreview"/>).
/// </summary>
public sealed class DeploymentOptionTests
{
    private const string Sites = "Microsoft.Web/sites";
    private const string Plans = "Microsoft.Web/serverfarms";
    private const string CosmosAccounts = "Microsoft.DocumentDB/databaseAccounts";
    private const string Vaults = "Microsoft.KeyVault/vaults";
    private const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    private const string VirtualNetworks = "Microsoft.Network/virtualNetworks";
    private const string PrivateEndpoints = "Microsoft.Network/privateEndpoints";
    private const string DnsZones = "Microsoft.Network/privateDnsZones";
    private const string DnsZoneLinks = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
    private const string DnsZoneGroups = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";
    private const string RoleAssignments = "Microsoft.Authorization/roleAssignments";
    private const string CosmosRoleAssignments = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";

    // Built-in role ids.
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string CosmosDataContributor = "00000000-0000-0000-0000-000000000002";

    private static readonly (string, string) PrivateNetworkOn = ("CONTEXT_PRIVATE_NETWORK", "true");

    [Fact]
    public void TheQuickstartDeploysNoNetworkAndLeavesCosmosKeyVaultAndStoragePublic()
    {
        var quickstart = Of();

        Assert.Empty(quickstart.OfType(VirtualNetworks));
        Assert.Empty(quickstart.OfType(PrivateEndpoints));
        Assert.Empty(quickstart.OfType(DnsZones));
        Assert.Null(quickstart.Properties(Sites)["virtualNetworkSubnetId"]);
        Assert.All([CosmosAccounts, Vaults, StorageAccounts],
            type => Assert.Equal("Enabled", Text(quickstart.Properties(type)["publicNetworkAccess"])));
    }

    [Fact]
    public void ThePrivateNetworkIntegratesTheAppWithASubnetDelegatedToMicrosoftAppEnvironments()
    {
        var deployment = Of(PrivateNetworkOn);

        var network = deployment.Single(VirtualNetworks);
        var subnets = network["properties"]!["subnets"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var appSubnet = Assert.Single(subnets, s => Text(s["properties"]!["delegations"]?[0]?["properties"]?["serviceName"]) == "Microsoft.App/environments");
        Assert.Equal($"{Id(network)}/subnets/{Text(appSubnet["name"])}", Text(deployment.Properties(Sites)["virtualNetworkSubnetId"]));
        Assert.Equal(2, subnets.Count);
        Assert.All(subnets, s => Assert.EndsWith("/24", Text(s["properties"]!["addressPrefix"]), StringComparison.Ordinal));
    }

    [Fact]
    public void ThePrivateNetworkGivesCosmosKeyVaultAndBlobStorageAPrivateEndpointInTheirPrivateDnsZone()
    {
        var deployment = Of(PrivateNetworkOn);
        var network = deployment.Single(VirtualNetworks);
        var endpointSubnet = network["properties"]!["subnets"]!.AsArray()
            .Single(s => s!["properties"]!["delegations"] is null)!;
        var expected = new (string TargetType, string Group, string Zone)[]
        {
            (CosmosAccounts, "Sql", "privatelink.documents.azure.com"),
            (Vaults, "vault", "privatelink.vaultcore.azure.net"),
            (StorageAccounts, "blob", "privatelink.blob.core.windows.net"),
        };

        var endpoints = deployment.OfType(PrivateEndpoints).ToList();
        Assert.Equal(expected.Length, endpoints.Count);
        foreach (var (targetType, group, zone) in expected)
        {
            var target = Id(deployment.Single(targetType));
            var endpoint = Assert.Single(endpoints, e => Text(e["properties"]!["privateLinkServiceConnections"]![0]!["properties"]!["privateLinkServiceId"]) == target);
            Assert.Equal([group], endpoint["properties"]!["privateLinkServiceConnections"]![0]!["properties"]!["groupIds"]!.AsArray().Select(Text));
            Assert.Equal($"{Id(network)}/subnets/{Text(endpointSubnet["name"])}", Text(endpoint["properties"]!["subnet"]!["id"]));

            var zoneGroup = Assert.Single(deployment.OfType(DnsZoneGroups), g => Text(g["name"]).StartsWith(Text(endpoint["name"]) + "/", StringComparison.Ordinal));
            var zoneId = Text(zoneGroup["properties"]!["privateDnsZoneConfigs"]![0]!["properties"]!["privateDnsZoneId"]);
            Assert.Equal(zone, ZoneName(zoneId));
            Assert.Single(deployment.OfType(DnsZones), z => Id(z) == zoneId);
            Assert.Single(deployment.OfType(DnsZoneLinks), l => ZoneName(Id(l)) == zone
                && Text(l["properties"]!["virtualNetwork"]!["id"]) == Id(network)
                && l["properties"]!["registrationEnabled"]!.GetValue<bool>() == false);
        }
    }

    [Fact]
    public void ThePrivateNetworkDisablesPublicAccessToCosmosKeyVaultAndStorage()
    {
        var deployment = Of(PrivateNetworkOn);

        Assert.All([CosmosAccounts, Vaults, StorageAccounts],
            type => Assert.Equal("Disabled", Text(deployment.Properties(type)["publicNetworkAccess"])));
        Assert.All([Vaults, StorageAccounts],
            type => Assert.Equal("Deny", Text(deployment.Properties(type)["networkAcls"]!["defaultAction"])));
    }

    [Fact]
    public void TheAppsOwnEndpointStaysPublicWithOrWithoutThePrivateNetwork()
    {
        Assert.Equal("Enabled", Text(Of().Properties(Sites)["publicNetworkAccess"]));
        Assert.Equal("Enabled", Text(Of(PrivateNetworkOn).Properties(Sites)["publicNetworkAccess"]));
    }

    [Fact]
    public void AllowedIpRangesBecomeAllowRulesBeforeADenyAndWithoutThemAnyoneMayCall()
    {
        var open = Of().Properties(Sites)["siteConfig"]!;
        var restricted = Of(("CONTEXT_ALLOWED_IP_RANGES", "203.0.113.0/24, 198.51.100.7/32")).Properties(Sites)["siteConfig"]!;

        Assert.Empty(open["ipSecurityRestrictions"]!.AsArray());
        Assert.Equal("Allow", Text(open["ipSecurityRestrictionsDefaultAction"]));
        var rules = restricted["ipSecurityRestrictions"]!.AsArray().Select(r => r!).ToList();
        Assert.Equal(["203.0.113.0/24", "198.51.100.7/32"], rules.Where(r => r["tag"] is null).Select(r => Text(r["ipAddress"])));
        Assert.All(rules, r => Assert.Equal("Allow", Text(r["action"])));
        Assert.Equal(rules.Count, rules.Select(r => r["priority"]!.GetValue<int>()).Distinct().Count());
        Assert.Equal("Deny", Text(restricted["ipSecurityRestrictionsDefaultAction"]));
    }

    [Fact]
    public void WithAllowedIpRangesTheAvailabilityTestsAgentsMayCallTooAndOnlyThen()
    {
        var open = Of().Properties(Sites)["siteConfig"]!["ipSecurityRestrictions"]!.AsArray();
        var restricted = Of(("CONTEXT_ALLOWED_IP_RANGES", "203.0.113.0/24")).Properties(Sites)["siteConfig"]!["ipSecurityRestrictions"]!.AsArray();

        Assert.Empty(open);
        var serviceTag = Assert.Single(restricted, r => r!["tag"] is not null)!;
        Assert.Equal(("ServiceTag", "ApplicationInsightsAvailability", "Allow"), (Text(serviceTag["tag"]), Text(serviceTag["ipAddress"]), Text(serviceTag["action"])));
    }

    [Fact]
    public void ZoneRedundancyCoversThePlanCosmosDbAndStorageAndKeepsTwoHttpInstancesReady()
    {
        var single = Of();
        var zonal = Of(("CONTEXT_ZONE_REDUNDANT", "true"));
        var zonalAutoscale = Of(("CONTEXT_ZONE_REDUNDANT", "true"), ("COSMOS_THROUGHPUT_MODE", "autoscale"));

        Assert.False(single.Properties(Plans)["zoneRedundant"]!.GetValue<bool>());
        Assert.True(zonal.Properties(Plans)["zoneRedundant"]!.GetValue<bool>());
        Assert.False(CosmosLocation(single)["isZoneRedundant"]!.GetValue<bool>());
        Assert.True(CosmosLocation(zonal)["isZoneRedundant"]!.GetValue<bool>());
        Assert.True(CosmosLocation(zonalAutoscale)["isZoneRedundant"]!.GetValue<bool>());
        Assert.Equal("Standard_LRS", Text(single.Single(StorageAccounts)["sku"]!["name"]));
        Assert.Equal("Standard_ZRS", Text(zonal.Single(StorageAccounts)["sku"]!["name"]));
        Assert.Empty(AlwaysReady(single));
        Assert.Equal([("http", 2)], AlwaysReady(zonal));
        Assert.Equal([("http", 3)], AlwaysReady(Of(("CONTEXT_ZONE_REDUNDANT", "true"), ("CONTEXT_ALWAYS_READY_INSTANCES", "3"))));
    }

    [Fact]
    public void AlwaysReadyInstancesAreKeptForTheHttpGroupOnly()
    {
        Assert.Empty(AlwaysReady(Of()));
        Assert.Equal([("http", 1)], AlwaysReady(Of(("CONTEXT_ALWAYS_READY_INSTANCES", "1"))));
    }

    [Theory]
    [InlineData(null, null, 4, 512)]
    [InlineData("2048", null, 16, 2048)]
    [InlineData("4096", null, 32, 4096)]
    [InlineData("2048", "24", 24, 2048)]
    public void TheHttpConcurrencyPerInstanceIsAlwaysExplicitFromTheBenchOrTheAzdValue(string? memory, string? concurrency, int expected, int expectedMemory)
    {
        var values = new List<(string, string)>();
        if (memory is not null)
        {
            values.Add(("CONTEXT_INSTANCE_MEMORY_MB", memory));
        }

        if (concurrency is not null)
        {
            values.Add(("CONTEXT_HTTP_CONCURRENCY", concurrency));
        }

        var scale = Of([.. values]).Properties(Sites)["functionAppConfig"]!["scaleAndConcurrency"]!;

        Assert.Equal(expected, scale["triggers"]!["http"]!["perInstanceConcurrency"]!.GetValue<int>());
        Assert.Equal(expectedMemory, scale["instanceMemoryMB"]!.GetValue<int>());
    }

    [Fact]
    public void TheMaximumInstanceCountIsAnAzdValue()
    {
        Assert.Equal(100, MaximumInstances(Of()));
        Assert.Equal(40, MaximumInstances(Of(("CONTEXT_MAXIMUM_INSTANCES", "40"))));
    }

    [Fact]
    public void TheDeployingPrincipalGetsDataRolesOnlyWithDeployerDataAccess()
    {
        var developer = Of();
        var ci = Of(("CONTEXT_DEPLOYER_DATA_ACCESS", "false"));

        Assert.Equal([CosmosDataContributor], CosmosRolesOf(developer, PrincipalId));
        Assert.Equal([KeyVaultSecretsOfficer], RolesOf(developer, PrincipalId));
        Assert.Empty(CosmosRolesOf(ci, PrincipalId));
        Assert.Empty(RolesOf(ci, PrincipalId));
        // The app keeps its own roles either way.
        Assert.Equal(AppRoles(developer), AppRoles(ci));
        Assert.Equal([CosmosDataContributor], CosmosRolesOf(ci, AppPrincipal(ci)));
    }

    [Fact]
    public void TheAppHoldsTheRolesItUsesAndNoQueueOrTableRole()
    {
        foreach (var deployment in new[] { Of(), Of(PrivateNetworkOn) })
        {
            Assert.Equal(
                new[] { StorageBlobDataOwner, KeyVaultSecretsUser, MonitoringMetricsPublisher }.Order(),
                AppRoles(deployment));
            Assert.Equal([CosmosDataContributor], CosmosRolesOf(deployment, AppPrincipal(deployment)));
            Assert.DoesNotContain(deployment.OfType(RoleAssignments), r => RoleId(r) is StorageQueueDataContributor or StorageTableDataContributor);

            var settings = deployment.Properties("Microsoft.Web/sites/config");
            Assert.NotNull(settings["AzureWebJobsStorage__blobServiceUri"]);
            Assert.All(["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri"],
                name => Assert.Null(settings[name]));
        }
    }

    /// <summary>
    /// The private DNS zone a zone or zone-link id names. The blob zone's name is built from the cloud's storage
    /// suffix (environment().suffixes.storage), which only a real deployment resolves: in Azure's public cloud it is
    /// core.windows.net.
    /// </summary>
    private static string ZoneName(string id)
    {
        const string blobZone = "format('privatelink.blob.{0}', environment().suffixes.storage)";
        if (id.StartsWith('['))
        {
            Assert.Contains(blobZone, id, StringComparison.Ordinal);
            return "privatelink.blob.core.windows.net";
        }

        return id.Split("/privateDnsZones/")[1].Split('/')[0];
    }

    private static JsonObject CosmosLocation(Snapshot deployment) =>
        Assert.Single(deployment.Properties(CosmosAccounts)["locations"]!.AsArray())!.AsObject();

    private static List<(string, int)> AlwaysReady(Snapshot deployment) =>
        deployment.Properties(Sites)["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.AsArray()
            .Select(a => (Text(a!["name"]), a!["instanceCount"]!.GetValue<int>())).ToList();

    private static int MaximumInstances(Snapshot deployment) =>
        deployment.Properties(Sites)["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"]!.GetValue<int>();

    /// <summary>The app identity's principal id, as the deployment refers to it (reference() to the identity).</summary>
    private static string AppPrincipal(Snapshot deployment)
    {
        var identity = Id(deployment.Single("Microsoft.ManagedIdentity/userAssignedIdentities"));
        return deployment.OfType(RoleAssignments).Select(r => Text(r["properties"]!["principalId"]))
            .First(p => p.Contains(identity, StringComparison.OrdinalIgnoreCase));
    }

    private static IOrderedEnumerable<string> AppRoles(Snapshot deployment) => RolesOf(deployment, AppPrincipal(deployment)).Order();

    private static List<string> RolesOf(Snapshot deployment, string principalId) =>
        deployment.OfType(RoleAssignments).Where(r => Text(r["properties"]!["principalId"]) == principalId).Select(RoleId).ToList();

    private static List<string> CosmosRolesOf(Snapshot deployment, string principalId) =>
        deployment.OfType(CosmosRoleAssignments).Where(r => Text(r["properties"]!["principalId"]) == principalId)
            .Select(r => Text(r["properties"]!["roleDefinitionId"]).Split('/')[^1]).ToList();

    private static string RoleId(JsonObject assignment) => Text(assignment["properties"]!["roleDefinitionId"]).Split('/')[^1];

    private static string Id(JsonObject resource) => Text(resource["id"]);

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";
}
