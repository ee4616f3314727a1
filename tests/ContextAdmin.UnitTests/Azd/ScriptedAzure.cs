using ContextAdmin.Azd;

namespace ContextAdmin.UnitTests.Azd;

/// <summary>
/// azd and az as the hooks see them: <c>azd env get-values</c> prints <see cref="Values"/> (quoted and escaped as azd
/// prints them), <c>azd env set</c> changes them, and az answers the hooks' queries from a described <see cref="Region"/>.
/// Every call is logged, so that tests also see that the hooks only read from Azure.
/// </summary>
public sealed class ScriptedAzure : IProcessRunner
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public Region Region { get; set; } = new();

    public bool AzInstalled { get; set; } = true;

    public List<string> AzCalls { get; } = [];

    public List<string> AzdCalls { get; } = [];

    public Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, bool discardErrors, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<ProcessResult>(cancellationToken) : Task.FromResult(program switch
        {
            "azd" => Azd(arguments),
            "az" when AzInstalled => Az(arguments),
            "az" => ProcessResult.NotFound,
            _ => throw new InvalidOperationException($"The hooks ran {program}."),
        });

    private ProcessResult Azd(IReadOnlyList<string> arguments)
    {
        AzdCalls.Add(string.Join(' ', arguments));
        switch (arguments)
        {
            case ["env", "get-values"]:
                var lines = Values.Select(v => $"{v.Key}=\"{v.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
                return Answer(string.Join('\n', lines) + "\n");
            case ["env", "set", var name, var value]:
                Values[name] = value;
                return Answer("");
            default:
                throw new InvalidOperationException($"Unexpected azd {string.Join(' ', arguments)}");
        }
    }

    private ProcessResult Az(IReadOnlyList<string> arguments)
    {
        var call = string.Join(' ', arguments);
        AzCalls.Add(call);
        var region = Region;
        string Query() => arguments[arguments.ToList().IndexOf("--query") + 1];
        return arguments switch
        {
            ["account", "show", ..] => new ProcessResult(true, region.SignedIn ? 0 : 1, ""),
            ["group", "exists", ..] => region.FailingCommand == "group exists" ? new ProcessResult(true, 2, "") : Answer(Bool(region.GroupExists)),
            ["cosmosdb", "list", ..] => Answer("cosmos-test"),
            ["cosmosdb", "show", ..] when Query() == "capabilities[].name" => Answer(region.Serverless ? "EnableServerless\n" : ""),
            ["cosmosdb", "show", ..] when Query() == "locations[0].isZoneRedundant" => Answer(Bool(region.ZoneRedundant)),
            // A container with manual throughput has no autoscale settings: the query prints nothing.
            ["cosmosdb", "sql", "container", "throughput", "show", ..] => Answer(region.AutoscaleMax),
            ["storage", "account", "list", ..] => Answer("sttest"),
            ["storage", "account", "show", ..] => Answer(region.StorageSku),
            _ => throw new InvalidOperationException($"Unexpected az {call}"),
        };
    }

    private static ProcessResult Answer(string output) => new(true, 0, output);

    private static string Bool(bool value) => value ? "True\n" : "False\n";
}

/// <summary>An existing (or absent) region as <see cref="ScriptedAzure"/> describes it.</summary>
public sealed record Region(
    bool SignedIn = true,
    bool GroupExists = true,
    bool Serverless = true,
    string AutoscaleMax = "",
    bool ZoneRedundant = false,
    string StorageSku = "Standard_LRS",
    string? FailingCommand = null);
