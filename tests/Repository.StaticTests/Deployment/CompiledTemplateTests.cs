using System.Text.Json.Nodes;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// The Flex Consumption and Cosmos DB choices, read from the ARM template that <c>bicep build</c> compiles from
/// infra/main.bicep (artifacts/bicep/main.json, left by scripts/bicep-build.sh), so that they don't come back.
/// </summary>
public sealed class CompiledTemplateTests
{
    /// <summary>The range Flex Consumption accepts for maximumInstanceCount (Microsoft's Flex samples: @minValue(40) @maxValue(1000)).</summary>
    private const int LowestMaximumInstanceCount = 40;
    private const int HighestMaximumInstanceCount = 1000;

    [Fact]
    public void TheTemplateSetsNoFtpsStateAnywhere()
    {
        var text = CompiledTemplate.Text.Value;

        Assert.DoesNotContain("ftpsState", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheFunctionAppsMaximumInstanceCountStaysWithinWhatFlexConsumptionAccepts()
    {
        var (template, _, site) = Assert.Single(AllResources(), r => Type(r.Resource) == "Microsoft.Web/sites");
        var value = site["properties"]?["functionAppConfig"]?["scaleAndConcurrency"]?["maximumInstanceCount"];
        Assert.NotNull(value);

        if (value.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            Assert.InRange(value.GetValue<int>(), LowestMaximumInstanceCount, HighestMaximumInstanceCount);
            return;
        }

        var parameterName = value.GetValue<string>() switch
        {
            var expression when expression.StartsWith("[parameters('", StringComparison.Ordinal) && expression.EndsWith("')]", StringComparison.Ordinal) =>
                expression["[parameters('".Length..^"')]".Length],
            var expression => throw new Xunit.Sdk.XunitException($"maximumInstanceCount is '{expression}', neither a number nor a parameter"),
        };
        var parameter = template["parameters"]?[parameterName];
        Assert.NotNull(parameter);
        var minValue = parameter["minValue"]?.GetValue<int>();
        var maxValue = parameter["maxValue"]?.GetValue<int>();
        Assert.True(minValue >= LowestMaximumInstanceCount, $"parameter {parameterName} has minValue {minValue?.ToString() ?? "(none)"}; Flex Consumption needs at least {LowestMaximumInstanceCount}");
        Assert.True(maxValue <= HighestMaximumInstanceCount, $"parameter {parameterName} has maxValue {maxValue?.ToString() ?? "(none)"}; Flex Consumption allows at most {HighestMaximumInstanceCount}");
        Assert.InRange(parameter["defaultValue"]!.GetValue<int>(), minValue!.Value, maxValue!.Value);
    }

    [Fact]
    public void TheContainerHasCosmosDbsOwnTtlOnWithNoDefaultAsTheAppCreatesIt()
    {
        var (_, _, container) = Assert.Single(AllResources(), r => Type(r.Resource) == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

        Assert.Equal(ContextStore.Cosmos.ContextContainer.DefaultTimeToLive, container["properties"]?["resource"]?["defaultTtl"]?.GetValue<int>());
        Assert.Equal(-1, ContextStore.Cosmos.ContextContainer.Properties("sessions").DefaultTimeToLive);
    }

    [Fact]
    public void EveryCosmosRoleAssignmentWaitsForTheContainer()
    {
        var (template, assignments) = CosmosRoleAssignments();
        var container = Assert.Single(Resources(template), r => Type(r.Value) == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").Key;

        Assert.Equal(2, assignments.Count);
        Assert.All(assignments, a => Assert.True(DependsOn(a.Value).Contains(container),
            $"{a.Key} does not depend on {container}: it depends on {string.Join(", ", DependsOn(a.Value))}"));
    }

    [Fact]
    public void TheCosmosRoleAssignmentsRunOneAfterTheOther()
    {
        var (_, assignments) = CosmosRoleAssignments();
        var names = assignments.Select(a => a.Key).ToList();
        var directDependencies = assignments.ToDictionary(a => a.Key, a => DependsOn(a.Value).Intersect(names).ToList());

        Assert.Equal(2, assignments.Count);
        // Declared first, the app's; second, the deploying user's, which depends on the first.
        Assert.Empty(directDependencies[names[0]]);
        Assert.Equal([names[0]], directDependencies[names[1]]);
    }

    [Fact]
    public void TheFunctionAppsSweepScheduleIsTheAppSettingSweeperScheduleFromTheAzdFacingCleanupScheduleParameter()
    {
        var appSettings = Assert.Single(AllResources().Select(r => AppSettingsParameter(r.Resource)).OfType<JsonObject>());

        Assert.Equal("[parameters('sweepSchedule')]", appSettings["Sweeper__Schedule"]?.GetValue<string>());
        Assert.False(appSettings.ContainsKey("CleanupSchedule"), "the template still sets CleanupSchedule, which the app no longer reads");
        Assert.Equal("0 */5 * * * *", CompiledTemplate.Root.Value["parameters"]?["sweepSchedule"]?["defaultValue"]?.GetValue<string>());
    }

    /// <summary>The appSettings a module is given, or null; some resources' properties are an ARM expression (a string), not an object.</summary>
    private static JsonObject? AppSettingsParameter(JsonObject resource) =>
        resource["properties"] is JsonObject properties && properties["parameters"] is JsonObject parameters
            && parameters["appSettings"] is JsonObject appSettings ? appSettings["value"] as JsonObject : null;

    private static (JsonObject Template, List<KeyValuePair<string, JsonObject>> Assignments) CosmosRoleAssignments()
    {
        var templates = Templates().Where(t => Resources(t).Any(r => Type(r.Value) == "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments")).ToList();
        var template = Assert.Single(templates);
        return (template, Resources(template).Where(r => Type(r.Value) == "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").ToList());
    }

    private static IEnumerable<(JsonObject Template, string Name, JsonObject Resource)> AllResources() =>
        Templates().SelectMany(t => Resources(t).Select(r => (t, r.Key, r.Value)));

    /// <summary>The main template and every module's nested template, depth first.</summary>
    private static IEnumerable<JsonObject> Templates()
    {
        var pending = new Stack<JsonObject>([CompiledTemplate.Root.Value]);
        while (pending.TryPop(out var template))
        {
            yield return template;
            foreach (var (_, resource) in Resources(template))
            {
                if (Type(resource) == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
                {
                    pending.Push(nested);
                }
            }
        }
    }

    /// <summary>
    /// A template's resources by symbolic name (languageVersion 2.0, which Bicep emits for modules with typed
    /// parameters) or, in the older array form, by their position.
    /// </summary>
    private static List<KeyValuePair<string, JsonObject>> Resources(JsonObject template) => template["resources"] switch
    {
        JsonObject byName => byName.Select(r => KeyValuePair.Create(r.Key, r.Value!.AsObject())).ToList(),
        JsonArray list => list.Select((r, i) => KeyValuePair.Create($"#{i}", r!.AsObject())).ToList(),
        _ => [],
    };

    private static string? Type(JsonObject resource) => resource["type"]?.GetValue<string>();

    private static List<string> DependsOn(JsonObject resource) =>
        resource["dependsOn"]?.AsArray().Select(d => d!.GetValue<string>()).ToList() ?? [];
}
