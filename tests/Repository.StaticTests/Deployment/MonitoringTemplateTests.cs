using System.Text.Json.Nodes;
using ContextStore.Http.Health;
using static Repository.StaticTests.Deployment.AzdProvisionPreview;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// What infra/ deploys to watch a region, as ARM evaluates the compiled template for a set of azd values
/// (<see cref="AzdProvisionPreview"/>): the action group, the alerts, the availability test of GET /readyz, the
/// diagnostic settings, the workspace's daily cap and the workbook. docs/operations.md explains each alert.
/// </summary>
public sealed class MonitoringTemplateTests
{
    private const string ActionGroups = "Microsoft.Insights/actionGroups";
    private const string LogAlerts = "Microsoft.Insights/scheduledQueryRules";
    private const string MetricAlerts = "Microsoft.Insights/metricAlerts";
    private const string WebTests = "Microsoft.Insights/webtests";
    private const string DiagnosticSettings = "Microsoft.Insights/diagnosticSettings";
    private const string Workbooks = "Microsoft.Insights/workbooks";
    private const string Workspaces = "Microsoft.OperationalInsights/workspaces";
    private const string Components = "Microsoft.Insights/components";
    private const string CosmosAccounts = "Microsoft.DocumentDB/databaseAccounts";
    private const string Vaults = "Microsoft.KeyVault/vaults";
    private const string Sites = "Microsoft.Web/sites";
    private const string SweepFunction = "SweepExpiredSessions";

    private static readonly (string, string) TwoAddresses = ("CONTEXT_ALERT_EMAIL", "ops@example.com, oncall@example.org");
    private static readonly (string, string) Autoscale = ("COSMOS_THROUGHPUT_MODE", "autoscale");

    [Fact]
    public void TheActionGroupEmailsEveryAddressOfTheAzdValueAndEveryAlertNotifiesIt()
    {
        var deployment = Of(TwoAddresses, Autoscale);

        var group = deployment.Single(ActionGroups);
        var receivers = group["properties"]!["emailReceivers"]!.AsArray();
        Assert.Equal(["ops@example.com", "oncall@example.org"], receivers.Select(r => Text(r!["emailAddress"])));
        Assert.All(receivers, r => Assert.True(r!["useCommonAlertSchema"]!.GetValue<bool>()));
        Assert.True(group["properties"]!["enabled"]!.GetValue<bool>());
        Assert.InRange(Text(group["properties"]!["groupShortName"]).Length, 1, 12);

        Assert.Equal(3, deployment.OfType(LogAlerts).Count());
        Assert.Equal(3, deployment.OfType(MetricAlerts).Count());
        Assert.All(deployment.OfType(LogAlerts), alert => Assert.Equal([Id(group)], alert["properties"]!["actions"]!["actionGroups"]!.AsArray().Select(Text)));
        Assert.All(deployment.OfType(MetricAlerts), alert => Assert.Equal([Id(group)], alert["properties"]!["actions"]!.AsArray().Select(a => Text(a!["actionGroupId"]))));
    }

    [Fact]
    public void WithoutAnAlertEmailTheAlertsAreDeployedAndNotifyNobody()
    {
        var deployment = Of();

        Assert.Empty(deployment.OfType(ActionGroups));
        Assert.Equal(3, deployment.OfType(LogAlerts).Count());
        Assert.All(deployment.OfType(LogAlerts), alert => Assert.Empty(alert["properties"]!["actions"]!["actionGroups"]!.AsArray()));
        Assert.All(deployment.OfType(MetricAlerts), alert => Assert.Empty(alert["properties"]!["actions"]!.AsArray()));
    }

    [Theory]
    [InlineData("ops@example.com,not-an-address", "not-an-address")]
    [InlineData("ops@example", "ops@example")]
    [InlineData("@example.com", "@example.com")]
    [InlineData("a@b@example.com", "a@b@example.com")]
    public void AnAlertEmailThatIsNoAddressIsRefusedWithItsAzdName(string value, string refused)
    {
        var failure = FailureOf(("CONTEXT_ALERT_EMAIL", value));

        Assert.Contains($"CONTEXT_ALERT_EMAIL (alertEmail): \"{refused}\" is not an e-mail address", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TheServerErrorAlertJudgesTheShareOf5xxAmongTheOperationsRequestsEvery5Minutes()
    {
        var deployment = Of();
        var alert = LogAlert(deployment, "alert-5xx-rate-");
        var criterion = Criterion(alert);
        var query = Text(criterion["query"]);

        Assert.Equal([Id(deployment.Single(Workspaces))], alert["properties"]!["scopes"]!.AsArray().Select(Text));
        Assert.Equal(("PT5M", "PT5M"), (Text(alert["properties"]!["evaluationFrequency"]), Text(alert["properties"]!["windowSize"])));
        Assert.Equal(["AppRequests"], LogTables.ReadBy(query));
        Assert.Contains($"Name !in (\"{Readiness.FunctionName}\", \"{SweepFunction}\")", query, StringComparison.Ordinal);
        Assert.Contains("countif(toint(ResultCode) >= 500)", query, StringComparison.Ordinal);
        Assert.Contains("ServerErrorPercent = 100.0 * ServerErrors / Requests", query, StringComparison.Ordinal);
        Assert.Equal(("ServerErrorPercent", "Maximum", "GreaterThan", 5), Measure(criterion));
    }

    [Fact]
    public void TheLatencyAlertJudgesTheOperationsP95Over15Minutes()
    {
        var deployment = Of();
        var alert = LogAlert(deployment, "alert-p95-latency-");
        var criterion = Criterion(alert);
        var query = Text(criterion["query"]);

        Assert.Equal("PT15M", Text(alert["properties"]!["windowSize"]));
        Assert.Equal(["AppRequests"], LogTables.ReadBy(query));
        Assert.Contains($"Name !in (\"{Readiness.FunctionName}\", \"{SweepFunction}\")", query, StringComparison.Ordinal);
        Assert.Contains("P95DurationMs = percentile(DurationMs, 95)", query, StringComparison.Ordinal);
        Assert.Equal(("P95DurationMs", "Maximum", "GreaterThan", 1000), Measure(criterion));
    }

    [Theory]
    [InlineData(null, 15, "PT15M", "PT5M")]
    [InlineData("0 */5 * * * *", 15, "PT15M", "PT5M")]
    [InlineData("0 */10 * * * *", 30, "PT30M", "PT5M")]
    [InlineData("0 */7 * * * *", 21, "PT30M", "PT5M")]
    [InlineData("0 */20 * * * *", 60, "PT1H", "PT5M")]
    [InlineData("*/30 * * * * *", 15, "PT15M", "PT5M")]
    [InlineData("0 0 * * * *", 180, "PT3H", "PT15M")]
    [InlineData("0 15 */2 * * *", 360, "PT6H", "PT15M")]
    [InlineData("0 30 2 * * *", 2880, "P2D", "PT1H")]
    public void TheSweepAlertFiresAfterThreeSweepIntervalsWithoutASuccessfulRun(string? schedule, int minutes, string window, string frequency)
    {
        var deployment = schedule is null ? Of() : Of(("CONTEXT_SWEEP_SCHEDULE", schedule));
        var alert = LogAlert(deployment, "alert-sweep-stalled-");
        var criterion = Criterion(alert);
        var query = Text(criterion["query"]);

        Assert.Equal(["AppRequests"], LogTables.ReadBy(query));
        Assert.Contains($"TimeGenerated > ago({minutes}m)", query, StringComparison.Ordinal);
        Assert.Contains($"Name == \"{SweepFunction}\" and Success == true", query, StringComparison.Ordinal);
        Assert.Equal(window, Text(alert["properties"]!["windowSize"]));
        Assert.Equal(frequency, Text(alert["properties"]!["evaluationFrequency"]));
        Assert.Equal(("Count", "LessThan", 1), (Text(criterion["timeAggregation"]), Text(criterion["operator"]), criterion["threshold"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("0 0,30 * * * *")]
    [InlineData("0 0 3 * * 1")]
    [InlineData("0 */5 * * *")]
    public void ASweepScheduleTheAlertCannotReadIsRefusedWithItsAzdName(string schedule)
    {
        var failure = FailureOf(("CONTEXT_SWEEP_SCHEDULE", schedule));

        Assert.Contains($"CONTEXT_SWEEP_SCHEDULE (sweepSchedule) is \"{schedule}\"", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TheThrottlingAlertCountsCosmosRequestsAnswered429InBothCapacityModes()
    {
        foreach (var deployment in new[] { Of(), Of(Autoscale) })
        {
            var alert = MetricAlert(deployment, "alert-cosmos-429-");
            var criterion = Assert.Single(alert["properties"]!["criteria"]!["allOf"]!.AsArray())!;

            Assert.Equal([Id(deployment.Single(CosmosAccounts))], alert["properties"]!["scopes"]!.AsArray().Select(Text));
            Assert.Equal("TotalRequests", Text(criterion["metricName"]));
            var dimension = Assert.Single(criterion["dimensions"]!.AsArray())!;
            Assert.Equal(("StatusCode", "Include"), (Text(dimension["name"]), Text(dimension["operator"])));
            Assert.Equal(["429"], dimension["values"]!.AsArray().Select(Text));
            Assert.Equal(("Count", "GreaterThan"), (Text(criterion["timeAggregation"]), Text(criterion["operator"])));
        }
    }

    [Fact]
    public void TheNormalizedRuAlertExistsOnlyWithProvisionedThroughputAndFiresAbove80Percent()
    {
        Assert.DoesNotContain(Of().OfType(MetricAlerts), a => Text(a["name"]).StartsWith("alert-cosmos-normalized-ru-", StringComparison.Ordinal));

        var deployment = Of(Autoscale);
        var alert = MetricAlert(deployment, "alert-cosmos-normalized-ru-");
        var criterion = Assert.Single(alert["properties"]!["criteria"]!["allOf"]!.AsArray())!;
        Assert.Equal([Id(deployment.Single(CosmosAccounts))], alert["properties"]!["scopes"]!.AsArray().Select(Text));
        Assert.Equal("NormalizedRUConsumption", Text(criterion["metricName"]));
        Assert.Equal(("Maximum", "GreaterThan", 80), (Text(criterion["timeAggregation"]), Text(criterion["operator"]), criterion["threshold"]!.GetValue<int>()));
    }

    [Fact]
    public void AStandardAvailabilityTestGetsTheFunctionAppsReadyzFromFiveLocationsAndItsAlertNeedsThreeToFail()
    {
        var deployment = Of();
        var test = deployment.Single(WebTests);
        var properties = test["properties"]!;
        var component = Id(deployment.Single(Components));
        var site = Id(deployment.Single(Sites));

        Assert.Equal("standard", Text(test["kind"]));
        Assert.Equal("standard", Text(properties["Kind"]));
        Assert.Equal("Resource", Text(test["tags"]![$"hidden-link:{component}"]));
        var url = Text(properties["Request"]!["RequestUrl"]);
        Assert.Contains(site, url, StringComparison.Ordinal);
        Assert.Contains($"'{{0}}{Readiness.Path}'", url, StringComparison.Ordinal);
        Assert.Equal("GET", Text(properties["Request"]!["HttpVerb"]));
        Assert.Null(properties["Request"]!["Headers"]);
        Assert.Equal(200, properties["ValidationRules"]!["ExpectedHttpStatusCode"]!.GetValue<int>());
        Assert.True(properties["ValidationRules"]!["SSLCheck"]!.GetValue<bool>());
        var locations = properties["Locations"]!.AsArray().Select(l => Text(l!["Id"])).ToList();
        Assert.Equal(5, locations.Distinct().Count());

        var alert = MetricAlert(deployment, "alert-availability-");
        var criteria = alert["properties"]!["criteria"]!;
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", Text(criteria["odata.type"]));
        Assert.Equal(Id(test), Text(criteria["webTestId"]));
        Assert.Equal(component, Text(criteria["componentId"]));
        Assert.Equal(locations.Count - 2, criteria["failedLocationCount"]!.GetValue<int>());
        Assert.Equal(new[] { Id(test), component }.Order(), alert["properties"]!["scopes"]!.AsArray().Select(Text).Order());
    }

    [Fact]
    public void CosmosDbSendsDataPlaneRequestsAndPartitionKeyRuConsumptionAndKeyVaultItsAuditEventsToTheWorkspaceInTheirOwnTables()
    {
        var deployment = Of();
        var workspace = Id(deployment.Single(Workspaces));
        var settings = deployment.OfType(DiagnosticSettings).ToList();

        Assert.Equal(2, settings.Count);
        Assert.Equal(["DataPlaneRequests", "PartitionKeyRUConsumption"], CategoriesOf(settings, Id(deployment.Single(CosmosAccounts))));
        Assert.Equal(["AuditEvent"], CategoriesOf(settings, Id(deployment.Single(Vaults))));
        Assert.All(settings, s => Assert.Equal(workspace, Text(s["properties"]!["workspaceId"])));
        Assert.All(settings, s => Assert.Equal("Dedicated", Text(s["properties"]!["logAnalyticsDestinationType"])));
        Assert.Equal(
            new[] { "AZKVAuditLogs", "CDBDataPlaneRequests", "CDBPartitionKeyRUConsumption" },
            LogTables.FilledByDiagnosticSettings(deployment).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, 5)]
    [InlineData("20", 20)]
    [InlineData("0", -1)]
    public void TheWorkspacesDailyIngestionCapIsTheAzdValueAndZeroMeansNone(string? value, int expected)
    {
        var deployment = value is null ? Of() : Of(("CONTEXT_LOG_DAILY_CAP_GB", value));

        Assert.Equal(expected, deployment.Properties(Workspaces)["workspaceCapping"]!["dailyQuotaGb"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1001")]
    public void ADailyCapOutsideZeroTo1000IsRefused(string value)
    {
        Assert.Contains("logDailyCapGb", FailureOf(("CONTEXT_LOG_DAILY_CAP_GB", value)), StringComparison.Ordinal);
    }

    [Fact]
    public void TheWorkbookShowsEachOperationsRateLatencyAndErrorsAndRequestUnitsFromTheDataPlaneLog()
    {
        var deployment = Of();
        var workbook = deployment.Single(Workbooks);
        var queries = WorkbookQueries(workbook);

        Assert.Equal(Id(deployment.Single(Workspaces)), Text(workbook["properties"]!["sourceId"]));
        Assert.True(Guid.TryParse(Text(workbook["name"]), out _), "a workbook's name must be a GUID");
        var perOperation = queries.Where(q => LogTables.ReadBy(q).SequenceEqual(["AppRequests"])).ToList();
        Assert.All(perOperation, q => Assert.Contains($"Name !in (\"{Readiness.FunctionName}\", \"{SweepFunction}\")", q, StringComparison.Ordinal));
        Assert.Contains(perOperation, q => q.Contains("Requests = count() by Name, bin(TimeGenerated", StringComparison.Ordinal));
        Assert.Contains(perOperation, q => q.Contains("percentile(DurationMs, 95)", StringComparison.Ordinal) && q.Contains("by Name", StringComparison.Ordinal));
        Assert.Contains(perOperation, q => q.Contains("ServerErrors = countif(toint(ResultCode) >= 500) by Name", StringComparison.Ordinal));
        Assert.Contains(queries, q => LogTables.ReadBy(q).SequenceEqual(["CDBDataPlaneRequests"]) && q.Contains("sum(RequestCharge)", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryQueryOfTheWorkbookAndTheLogAlertsReadsOnlyTablesTheDeploymentFillsAndEveryDiagnosticTableIsShown()
    {
        var deployment = Of(Autoscale);
        var filled = LogTables.Filled(deployment);
        var workbookQueries = WorkbookQueries(deployment.Single(Workbooks));
        var alertQueries = deployment.OfType(LogAlerts).Select(a => Text(Criterion(a)["query"])).ToList();

        Assert.All(workbookQueries.Concat(alertQueries), q => Assert.All(LogTables.ReadBy(q), table => Assert.Contains(table, filled)));
        // A fresh workspace may not resolve a table before its first record: the deployment must not fail on that.
        Assert.All(deployment.OfType(LogAlerts), a => Assert.True(a["properties"]!["skipQueryValidation"]!.GetValue<bool>()));
        Assert.All(LogTables.FilledByDiagnosticSettings(deployment),
            table => Assert.Contains(workbookQueries, q => LogTables.ReadBy(q).Contains(table)));
    }

    [Fact]
    public void TheTableReaderFindsLeadingJoinedAndUnionedTables()
    {
        Assert.Equal(["AppRequests", "CDBDataPlaneRequests"], LogTables.ReadBy("AppRequests\n| join kind=inner (CDBDataPlaneRequests | take 1) on $left.Id == $right.ActivityId"));
        Assert.Equal(["AppTraces", "AppExceptions"], LogTables.ReadBy("let since = ago(1h);\nunion AppTraces, AppExceptions | where TimeGenerated > since"));
    }

    private static List<string> CategoriesOf(List<JsonObject> settings, string resourceId) =>
        Assert.Single(settings, s => Id(s).StartsWith(resourceId + "/providers/Microsoft.Insights/diagnosticSettings/", StringComparison.OrdinalIgnoreCase))
            ["properties"]!["logs"]!.AsArray().Where(l => l!["enabled"]!.GetValue<bool>()).Select(l => Text(l!["category"])).Order(StringComparer.Ordinal).ToList();

    private static List<string> WorkbookQueries(JsonObject workbook)
    {
        var content = JsonNode.Parse(Text(workbook["properties"]!["serializedData"]))!;
        Assert.Equal("Notebook/1.0", Text(content["version"]));
        return content["items"]!.AsArray().Where(i => i!["type"]!.GetValue<int>() == 3).Select(i => Text(i!["content"]!["query"])).ToList();
    }

    private static JsonObject LogAlert(Snapshot deployment, string namePrefix) =>
        Assert.Single(deployment.OfType(LogAlerts), a => Text(a["name"]).StartsWith(namePrefix, StringComparison.Ordinal));

    private static JsonObject MetricAlert(Snapshot deployment, string namePrefix) =>
        Assert.Single(deployment.OfType(MetricAlerts), a => Text(a["name"]).StartsWith(namePrefix, StringComparison.Ordinal));

    private static JsonNode Criterion(JsonObject logAlert) => Assert.Single(logAlert["properties"]!["criteria"]!["allOf"]!.AsArray())!;

    private static (string, string, string, int) Measure(JsonNode criterion) =>
        (Text(criterion["metricMeasureColumn"]), Text(criterion["timeAggregation"]), Text(criterion["operator"]), criterion["threshold"]!.GetValue<int>());

    private static string Id(JsonObject resource) => Text(resource["id"]);

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";
}
