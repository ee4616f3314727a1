using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ContextStore.Testing.Documents;

/// <summary>One request of an operation, made of the document's examples.</summary>
public sealed record ExampleRequest(string OperationId, HttpMethod Method, string Path, string? Body);

/// <summary>
/// A request for every operation of openapi.yaml, built from the examples it documents: each path parameter's
/// <c>example</c>, each query parameter that has one, and the request body's <c>example</c> as JSON. Run in the order
/// <see cref="Of"/> gives, every read finds what the writes before it stored, so adding an operation to the document,
/// with its examples, adds it to every test that walks the whole API.
/// </summary>
public static class OpenApiExamples
{
    private static readonly string[] Methods = ["post", "put", "patch", "get", "delete"];

    /// <summary>
    /// The requests on <paramref name="accountId"/> in <paramref name="namespace"/> (the Namespace parameter's example
    /// when null; a body string equal to that example, such as N1's name, becomes <paramref name="namespace"/> too):
    /// the writes in the document's order, then the reads, then the deletes, narrowest first.
    /// </summary>
    public static IReadOnlyList<ExampleRequest> Of(OpenApiModel document, string accountId, string? @namespace = null)
    {
        var namespaceExample = ExampleOf(document.Resolve(Parameter(document, "Namespace")));
        var ns = @namespace ?? namespaceExample;
        var requests = new List<ExampleRequest>();
        foreach (var (pathKey, pathNode) in OpenApiModel.Mapping(document.Root, "paths").Children)
        {
            var pathItem = (YamlMappingNode)pathNode;
            foreach (var method in Methods)
            {
                if (OpenApiModel.TryMapping(pathItem, method) is not { } operation)
                {
                    continue;
                }

                var parameters = ParametersOf(document, pathItem).Concat(ParametersOf(document, operation)).ToList();
                var path = ((YamlScalarNode)pathKey).Value!;
                var query = new List<string>();
                foreach (var parameter in parameters)
                {
                    var name = OpenApiModel.Scalar(parameter, "name");
                    var location = OpenApiModel.Scalar(parameter, "in");
                    if (location == "path")
                    {
                        var value = name switch
                        {
                            "accountId" => accountId,
                            "ns" => ns,
                            _ => ExampleOf(parameter),
                        };
                        path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
                    }
                    else if (location == "query" && TryExampleOf(parameter) is { } example)
                    {
                        query.Add($"{name}={Uri.EscapeDataString(example)}");
                    }
                }

                if (query.Count > 0)
                {
                    path += "?" + string.Join('&', query);
                }

                var body = BodyOf(document, operation)?.Replace($"\"{namespaceExample}\"", $"\"{ns}\"", StringComparison.Ordinal);
                requests.Add(new ExampleRequest(OpenApiModel.Scalar(operation, "operationId"), new HttpMethod(method.ToUpperInvariant()), path, body));
            }
        }

        return
        [
            .. requests.Where(r => r.Method != HttpMethod.Get && r.Method != HttpMethod.Delete),
            .. requests.Where(r => r.Method == HttpMethod.Get),
            .. requests.Where(r => r.Method == HttpMethod.Delete).OrderByDescending(r => r.Path.Count(c => c == '/')),
        ];
    }

    private static YamlMappingNode Parameter(OpenApiModel document, string name) =>
        OpenApiModel.Mapping(OpenApiModel.Mapping(OpenApiModel.Mapping(document.Root, "components"), "parameters"), name);

    private static IEnumerable<YamlMappingNode> ParametersOf(OpenApiModel document, YamlMappingNode node) =>
        node.Children.TryGetValue(new YamlScalarNode("parameters"), out var list)
            ? ((YamlSequenceNode)list).Children.Select(p => document.Resolve((YamlMappingNode)p))
            : [];

    private static string ExampleOf(YamlMappingNode parameter) =>
        TryExampleOf(parameter)
        ?? throw new InvalidDataException($"openapi.yaml: the parameter '{OpenApiModel.Scalar(parameter, "name")}' has no example");

    private static string? TryExampleOf(YamlMappingNode parameter) =>
        parameter.Children.TryGetValue(new YamlScalarNode("example"), out var example) ? ((YamlScalarNode)example).Value : null;

    private static string? BodyOf(OpenApiModel document, YamlMappingNode operation)
    {
        if (OpenApiModel.TryMapping(operation, "requestBody") is not { } requestBody)
        {
            return null;
        }

        var json = OpenApiModel.Mapping(OpenApiModel.Mapping(document.Resolve(requestBody), "content"), "application/json");
        return json.Children.TryGetValue(new YamlScalarNode("example"), out var example)
            ? ToJson(example)?.ToJsonString() ?? "null"
            : throw new InvalidDataException($"openapi.yaml: {OpenApiModel.Scalar(operation, "operationId")}'s request body has no example");
    }

    /// <summary>A YAML example as the JSON value it stands for: plain scalars that read as numbers, booleans or null are those.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar => JsonValue.Create(scalar.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar when decimal.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
            JsonNode.Parse(scalar.Value!),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidDataException($"openapi.yaml: an example node {node.Start} that JSON cannot hold"),
    };
}
