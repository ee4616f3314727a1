using System.Text.RegularExpressions;
using static Repository.StaticTests.Deployment.AzdProvisionPreview;

namespace Repository.StaticTests.Deployment;

/// <summary>
/// The Log Analytics tables a deployment fills, and the tables a KQL query reads: the workbook's, the log alerts' and
/// docs/operations.md's queries may read only tables that exist.
/// </summary>
internal static partial class LogTables
{
    /// <summary>The resource-specific table of each diagnostic log category the template sends (Dedicated mode).</summary>
    public static readonly IReadOnlyDictionary<string, string> OfCategory = new Dictionary<string, string>
    {
        ["DataPlaneRequests"] = "CDBDataPlaneRequests",
        ["PartitionKeyRUConsumption"] = "CDBPartitionKeyRUConsumption",
        ["AuditEvent"] = "AZKVAuditLogs",
    };

    /// <summary>
    /// What workspace-based Application Insights writes for the Functions app (requests, traces, exceptions,
    /// dependencies, custom metrics, the availability test's results) and the workspace's own usage table.
    /// </summary>
    public static readonly IReadOnlySet<string> ApplicationInsights = new HashSet<string>(StringComparer.Ordinal)
    {
        "AppRequests", "AppTraces", "AppExceptions", "AppDependencies", "AppMetrics", "AppAvailabilityResults", "Usage",
    };

    /// <summary>The tables the deployment's diagnostic settings fill, read from the settings themselves.</summary>
    public static IReadOnlySet<string> FilledByDiagnosticSettings(Snapshot deployment)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in deployment.OfType("Microsoft.Insights/diagnosticSettings"))
        {
            Assert.Equal("Dedicated", setting["properties"]!["logAnalyticsDestinationType"]!.GetValue<string>());
            foreach (var log in setting["properties"]!["logs"]!.AsArray())
            {
                var category = log!["category"]!.GetValue<string>();
                Assert.True(OfCategory.ContainsKey(category), $"no known table for the diagnostic category {category}");
                tables.Add(OfCategory[category]);
            }
        }

        return tables;
    }

    /// <summary>Every table a deployment fills: Application Insights' and the diagnostic settings'.</summary>
    public static IReadOnlySet<string> Filled(Snapshot deployment) =>
        ApplicationInsights.Concat(FilledByDiagnosticSettings(deployment)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The tables a query reads: its first word, and what follows <c>union</c> or <c>join … (</c>.</summary>
    public static IReadOnlyList<string> ReadBy(string query)
    {
        var body = LetStatements().Replace(query, "");
        var first = LeadingWord().Match(body).Value;
        var tables = new List<string> { first == "union" ? "" : first };
        tables.AddRange(JoinedTable().Matches(query).Select(m => m.Groups["table"].Value));
        tables.AddRange(UnionedTables().Matches(query).SelectMany(m => m.Groups["tables"].Value.Split(',', StringSplitOptions.TrimEntries)));
        return tables.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"^\s*(let\s[^;]*;\s*)*")]
    private static partial Regex LetStatements();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex LeadingWord();

    [GeneratedRegex(@"\bjoin\b[^(]*\(\s*(?<table>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex JoinedTable();

    [GeneratedRegex(@"\bunion\s+(?<tables>[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)")]
    private static partial Regex UnionedTables();
}
