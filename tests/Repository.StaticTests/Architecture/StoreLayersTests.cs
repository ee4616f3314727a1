using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace Repository.StaticTests.Architecture;

/// <summary>
/// The layers of the store, bottom up: Names (input rules) and Json; Storage (the stored shapes); Cosmos (the
/// repository and its client); the domain services Sessions, Namespaces, Expiry (and ApiKeys beside them); at the top
/// the set-up in the namespace ContextStore itself, then ContextStore.Http and the hosts.
/// </summary>
public class StoreLayersTests
{
    private const string DomainServices = @"^ContextStore\.(Sessions|Namespaces|Expiry|ApiKeys)(\..*)?$";

    [Fact]
    public void TheNamespacesOfTheStoreDependOnEachOtherWithoutCycles() =>
        Slices().Matching("ContextStore.(*)").Should().BeFreeOfCycles().Check(StoreArchitecture.Loaded);

    [Fact]
    public void NoLayerOfTheStoreDependsOnTheSetUpThatComposesThem() =>
        Types().That().ResideInAssembly(typeof(ContextStore.DependencyInjection).Assembly)
            .And().ResideInNamespaceMatching(@"^ContextStore\..+$")
            .Should().NotDependOnAny(Types().That().ResideInNamespace("ContextStore"))
            .Check(StoreArchitecture.Loaded);

    [Fact]
    public void StorageAndTheRulesBelowItDependOnNoDomainService() =>
        Types().That().ResideInNamespaceMatching(@"^ContextStore\.(Storage|Cosmos|Json|Names)(\..*)?$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(DomainServices))
            .Check(StoreArchitecture.Loaded);

    [Fact]
    public void TheStoredShapesDependOnlyOnTheRulesBelowThem() =>
        Types().That().ResideInNamespaceMatching(@"^ContextStore\.Storage$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^ContextStore\.Cosmos$"))
            .Check(StoreArchitecture.Loaded);

    [Fact]
    public void NoStoredShapeReachesTheHttpLayerOrTheFunctionsApp() =>
        Types().That().ResideInAssemblyMatching(@"^(ContextStore\.Http|ContextFunctions),")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^ContextStore\.Storage$"))
            .Check(StoreArchitecture.Loaded);
}
