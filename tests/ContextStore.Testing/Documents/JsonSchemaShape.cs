using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ContextStore.Testing.Documents;

/// <summary>
/// Checks a JSON answer against the part of JSON Schema that openapi.yaml uses: <c>type</c>, <c>items</c>,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>format: date-time</c>, <c>pattern</c>,
/// <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>maxLength</c>. A schema with none of them accepts any value.
/// </summary>
public static class JsonSchemaShape
{
    /// <summary>Every place where <paramref name="value"/> does not have the schema's shape, as "$.path: what".</summary>
    public static IReadOnlyList<string> Mismatches(JsonElement value, YamlMappingNode schema, OpenApiModel document)
    {
        var mismatches = new List<string>();
        Check(value, document.Resolve(schema), document, "$", mismatches);
        return mismatches;
    }

    private static void Check(JsonElement value, YamlMappingNode schema, OpenApiModel document, string at, List<string> mismatches)
    {
        if (Child(schema, "type") is { } type)
        {
            var allowed = type is YamlSequenceNode types ? types.Select(t => ((YamlScalarNode)t).Value!).ToList() : [((YamlScalarNode)type).Value!];
            if (!allowed.Any(t => HasType(value, t)))
            {
                mismatches.Add($"{at}: {value.ValueKind} is not {string.Join(" or ", allowed)}");
                return;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Array when Child(schema, "items") is YamlMappingNode items:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, document.Resolve(items), document, $"{at}[{index++}]", mismatches);
                }

                break;
            case JsonValueKind.Object:
                CheckObject(value, schema, document, at, mismatches);
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, at, mismatches);
                break;
            case JsonValueKind.Number:
                CheckNumber(value, schema, at, mismatches);
                break;
        }
    }

    private static void CheckObject(JsonElement value, YamlMappingNode schema, OpenApiModel document, string at, List<string> mismatches)
    {
        var properties = Child(schema, "properties") as YamlMappingNode;
        foreach (var required in (Child(schema, "required") as YamlSequenceNode)?.Select(r => ((YamlScalarNode)r).Value!) ?? [])
        {
            if (!value.TryGetProperty(required, out _))
            {
                mismatches.Add($"{at}: the required property '{required}' is missing");
            }
        }

        var additional = Child(schema, "additionalProperties");
        foreach (var property in value.EnumerateObject())
        {
            var path = $"{at}.{property.Name}";
            if (properties is not null && properties.Children.TryGetValue(new YamlScalarNode(property.Name), out var declared))
            {
                Check(property.Value, document.Resolve((YamlMappingNode)declared), document, path, mismatches);
            }
            else if (additional is YamlScalarNode { Value: "false" })
            {
                mismatches.Add($"{path}: not a documented property");
            }
            else if (additional is YamlMappingNode additionalSchema)
            {
                Check(property.Value, document.Resolve(additionalSchema), document, path, mismatches);
            }
            else if (properties is not null && additional is null)
            {
                // A documented object with named properties and no additionalProperties: an undocumented key is drift.
                mismatches.Add($"{path}: not a documented property");
            }
        }
    }

    private static void CheckString(string text, YamlMappingNode schema, string at, List<string> mismatches)
    {
        if (Scalar(schema, "format") == "date-time"
            && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            mismatches.Add($"{at}: '{text}' is not a date-time");
        }

        if (Scalar(schema, "pattern") is { } pattern && !Regex.IsMatch(text, pattern))
        {
            mismatches.Add($"{at}: '{text}' does not match {pattern}");
        }

        if (Number(schema, "minLength") is { } min && text.Length < min || Number(schema, "maxLength") is { } max && text.Length > max)
        {
            mismatches.Add($"{at}: '{text}' has a length outside the documented range");
        }
    }

    private static void CheckNumber(JsonElement value, YamlMappingNode schema, string at, List<string> mismatches)
    {
        var number = value.GetDecimal();
        if (Number(schema, "minimum") is { } min && number < min || Number(schema, "maximum") is { } max && number > max)
        {
            mismatches.Add($"{at}: {number} is outside the documented range");
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => throw new NotSupportedException($"openapi.yaml: type '{type}' is not one this check knows"),
    };

    private static YamlNode? Child(YamlMappingNode schema, string key) =>
        schema.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode schema, string key) => (Child(schema, key) as YamlScalarNode)?.Value;

    private static decimal? Number(YamlMappingNode schema, string key) =>
        Scalar(schema, key) is { } text ? decimal.Parse(text, CultureInfo.InvariantCulture) : null;
}
