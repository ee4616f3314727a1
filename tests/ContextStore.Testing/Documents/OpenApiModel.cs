using YamlDotNet.RepresentationModel;

namespace ContextStore.Testing.Documents;

/// <summary>
/// openapi.yaml parsed as YAML (the tests' one reader of it): its operations, each operation's response codes and the
/// schemas of its answers, <c>$ref</c>s resolved.
/// </summary>
public sealed class OpenApiModel
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private readonly YamlMappingNode _root;

    private OpenApiModel(YamlMappingNode root) => _root = root;

    /// <summary>The document's top-level mapping.</summary>
    public YamlMappingNode Root => _root;

    public static string FilePath => RepositoryFiles.PathOf("openapi.yaml");

    public static OpenApiModel Load() => Parse(File.ReadAllText(FilePath));

    public static OpenApiModel Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new OpenApiModel((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>Every operation under <c>paths</c>, in the document's order; the operationId is null where it has none.</summary>
    public IReadOnlyList<OpenApiOperation> ListOperations() =>
        Mapping(_root, "paths").Children
            .SelectMany(path => ((YamlMappingNode)path.Value).Children
                .Where(member => Methods.Contains(((YamlScalarNode)member.Key).Value))
                .Select(member => new OpenApiOperation(
                    ((YamlScalarNode)member.Key).Value!.ToUpperInvariant(),
                    ((YamlScalarNode)path.Key).Value!,
                    (((YamlMappingNode)member.Value).Children.TryGetValue(new YamlScalarNode("operationId"), out var id) ? (YamlScalarNode)id : null)?.Value)))
            .ToList();

    /// <summary>operationId → method and the response codes the document gives it.</summary>
    public IReadOnlyDictionary<string, (string Method, IReadOnlySet<int> Codes)> Operations()
    {
        var operations = new Dictionary<string, (string, IReadOnlySet<int>)>(StringComparer.Ordinal);
        foreach (var (_, pathItem) in Mapping(_root, "paths").Children)
        {
            foreach (var method in Methods)
            {
                if (TryMapping((YamlMappingNode)pathItem, method) is not { } operation)
                {
                    continue;
                }

                var codes = Mapping(operation, "responses").Children.Keys
                    .Select(code => int.Parse(((YamlScalarNode)code).Value!, System.Globalization.CultureInfo.InvariantCulture))
                    .ToHashSet();
                operations.Add(Scalar(operation, "operationId"), (method.ToUpperInvariant(), codes));
            }
        }

        return operations;
    }

    /// <summary>The application/json schema of an operation's answer with <paramref name="code"/>, <c>$ref</c>s resolved.</summary>
    public YamlMappingNode ResponseSchema(string operationId, int code)
    {
        var operation = Mapping(_root, "paths").Children.Values
            .SelectMany(pathItem => Methods.Select(m => TryMapping((YamlMappingNode)pathItem, m)))
            .Single(o => o is not null && Scalar(o, "operationId") == operationId)!;
        var response = Resolve(Mapping(Mapping(operation, "responses"), code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Resolve(Mapping(Mapping(Mapping(response, "content"), "application/json"), "schema"));
    }

    /// <summary>Follows <c>$ref: "#/components/…"</c> until a node without one.</summary>
    public YamlMappingNode Resolve(YamlMappingNode node)
    {
        while (node.Children.TryGetValue(new YamlScalarNode("$ref"), out var reference))
        {
            var path = ((YamlScalarNode)reference).Value!;
            if (!path.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"openapi.yaml: $ref '{path}' is not a reference into the document");
            }

            node = path[2..].Split('/').Aggregate(_root, Mapping);
        }

        return node;
    }

    public static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        TryMapping(node, key) ?? throw new KeyNotFoundException($"openapi.yaml: no '{key}' in {node.Start}");

    public static YamlMappingNode? TryMapping(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (YamlMappingNode)child : null;

    public static string Scalar(YamlMappingNode node, string key) =>
        ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
