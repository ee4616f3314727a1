using System.Text.RegularExpressions;

namespace ContextStore.Testing.Documents;

/// <summary>
/// The operations listed under <c>paths:</c> of the checked-in openapi.yaml, read line by line: paths at two
/// spaces of indent, methods at four, <c>operationId</c> at six (the layout openapi.yaml keeps).
/// </summary>
public static partial class OpenApiDocument
{
    public static string FilePath => RepositoryFiles.PathOf("openapi.yaml");

    public static IReadOnlyList<OpenApiOperation> ReadOperations(string yaml)
    {
        var operations = new List<OpenApiOperation>();
        var inPaths = false;
        string? path = null;
        string? method = null;
        string? operationId = null;

        void Flush()
        {
            if (method is not null)
            {
                operations.Add(new OpenApiOperation(method, path!, operationId));
            }

            method = null;
            operationId = null;
        }

        foreach (var line in yaml.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                Flush();
                inPaths = line.TrimEnd() == "paths:";
                path = null;
                continue;
            }

            if (!inPaths)
            {
                continue;
            }

            if (PathLine().Match(line) is { Success: true } pathMatch)
            {
                Flush();
                path = Unquote(pathMatch.Groups["path"].Value);
            }
            else if (MethodLine().Match(line) is { Success: true } methodMatch)
            {
                Flush();
                if (path is null)
                {
                    throw new InvalidDataException($"openapi.yaml: '{line.Trim()}' is not under a path");
                }
                method = methodMatch.Groups["method"].Value.ToUpperInvariant();
            }
            else if (OperationIdLine().Match(line) is { Success: true } idMatch && method is not null)
            {
                operationId = Unquote(idMatch.Groups["id"].Value);
            }
        }

        Flush();
        return operations;
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'');

    [GeneratedRegex("""^  (?<path>["']?/[^:]*["']?):\s*$""")]
    private static partial Regex PathLine();

    [GeneratedRegex("""^    (?<method>get|put|post|delete|patch|head|options|trace):\s*$""")]
    private static partial Regex MethodLine();

    [GeneratedRegex("""^      operationId:\s*(?<id>\S+)\s*$""")]
    private static partial Regex OperationIdLine();
}

/// <summary>One operation of the document: <c>GET /v1/account/{accountId}</c> named <c>ListNamespaces</c>.</summary>
public sealed record OpenApiOperation(string Method, string Path, string? OperationId)
{
    public string Describe() => $"{OperationId} {Method} {Path}";
}
