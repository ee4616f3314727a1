using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ContextStore.Http;
using ContextStore.Http.Health;
using ContextStore.Http.Pipeline;
using ContextStore.Telemetry;
using ContextStore.Testing.Documents;
using Microsoft.Extensions.DependencyInjection;
using static Repository.StaticTests.Deployment.AzdProvisionPreview;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// docs/operations.md covers every alert the template deploys, and its KQL reads only tables a deployment fills and
/// names only functions the app has.
/// </summary>
public sealed partial class OperationsRunbookTests
{
    private static readonly Lazy<string> Runbook = new(() => File.ReadAllText(RepositoryFiles.PathOf("docs", "operations.md")));

    [Fact]
    public void EveryAlertTheTemplateDeploysIsInTheRunbooksTable()
    {
        var deployment = Of(("COSMOS_THROUGHPUT_MODE", "autoscale"));
        var alerts = deployment.OfType("Microsoft.Insights/scheduledQueryRules").Concat(deployment.OfType("Microsoft.Insights/metricAlerts"))
            .Select(a => a["name"]!.GetValue<string>()).ToList();

        Assert.Equal(6, alerts.Count);
        Assert.All(alerts, name => Assert.Contains($"| `{name[..(name.LastIndexOf('-') + 1)]}<token>` |", Runbook.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryQueryInTheRunbookReadsOnlyTablesTheDeploymentFills()
    {
        var filled = LogTables.Filled(Of());
        var queries = Queries();

        Assert.True(queries.Count >= 10, $"only {queries.Count} KQL blocks in docs/operations.md");
        Assert.All(queries, q => Assert.All(LogTables.ReadBy(q), table => Assert.True(filled.Contains(table), $"{table} is no table the deployment fills:\n{q}")));
        Assert.All(LogTables.FilledByDiagnosticSettings(Of()), table => Assert.Contains(queries, q => LogTables.ReadBy(q).Contains(table)));
    }

    [Fact]
    public void EveryFunctionNameInTheRunbooksQueriesIsOneTheAppHas()
    {
        var functions = ContextOperations.All.Select(o => o.Name).Append(Readiness.FunctionName).Append("SweepExpiredSessions").ToHashSet(StringComparer.Ordinal);

        var named = NamesIn(Queries().Where(q => !q.StartsWith("AppMetrics", StringComparison.Ordinal)));

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, functions));
    }

    [Fact]
    public void EveryMetricNameInTheRunbooksQueriesIsOneTheAppEmits()
    {
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == ContextTelemetry.Name)
                {
                    emitted.Add(instrument.Name);
                }
            };
            listener.Start();
            using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var meters = services.GetRequiredService<IMeterFactory>();
            _ = new ContextMetrics(meters);
            _ = new OperationSignals(meters);
        }

        var named = NamesIn(Queries().Where(q => q.StartsWith("AppMetrics", StringComparison.Ordinal)));

        Assert.NotEmpty(named);
        Assert.All(named, name => Assert.Contains(name, emitted));
    }

    private static List<string> NamesIn(IEnumerable<string> queries) =>
        queries.SelectMany(q => NameList().Matches(q)).SelectMany(m => QuotedName().Matches(m.Value).Select(n => n.Groups["name"].Value)).ToList();

    private static List<string> Queries() =>
        KustoBlock().Matches(Runbook.Value.ReplaceLineEndings("\n")).Select(m => m.Groups["query"].Value).ToList();

    [GeneratedRegex(@"^\s*```kusto\n(?<query>.*?)\n\s*```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex KustoBlock();

    [GeneratedRegex(@"\bName\s*(==|!?in)\s*(\([^)]*\)|""[^""]*"")")]
    private static partial Regex NameList();

    [GeneratedRegex(@"""(?<name>[^""]+)""")]
    private static partial Regex QuotedName();
}
