using System.Globalization;
using System.Text.RegularExpressions;

namespace ContextStore.Testing.Documents;

/// <summary>docs/contract.md's table of endpoints: each operationId with the status codes of its "answers" column.</summary>
public static partial class ContractDocument
{
    public static string FilePath => RepositoryFiles.PathOf("docs", "contract.md");

    public static IReadOnlyDictionary<string, IReadOnlySet<int>> ReadOperations(string markdown)
    {
        var operations = new Dictionary<string, IReadOnlySet<int>>(StringComparer.Ordinal);
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (EndpointRow().Match(line) is { Success: true } row)
            {
                var codes = row.Groups["answers"].Value.Split(',', StringSplitOptions.TrimEntries)
                    .Select(code => int.Parse(code, CultureInfo.InvariantCulture))
                    .ToHashSet();
                operations.Add(row.Groups["id"].Value, codes);
            }
        }

        return operations;
    }

    /// <summary>A row of the endpoints table: <c>| N1 | CreateNamespace | … | 204, 400, 403 |</c>.</summary>
    [GeneratedRegex("""^\| [NPSLT]\d \| (?<id>[A-Za-z]+) \|.*\| (?<answers>\d{3}(, \d{3})*) \|\s*$""")]
    private static partial Regex EndpointRow();
}
