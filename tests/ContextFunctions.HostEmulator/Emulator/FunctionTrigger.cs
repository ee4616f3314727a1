using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace ContextFunctions.HostEmulator;

/// <summary>A function's trigger binding, read from the raw bindings of the worker's function metadata.</summary>
/// <param name="Methods">The HTTP methods in upper case; empty when the function accepts every method.</param>
public sealed record FunctionTrigger(string Type, string ParameterName, string? Route, IReadOnlyList<string> Methods, string? Schedule)
{
    public bool IsHttp => Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);

    public bool IsTimer => Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase);

    public static FunctionTrigger Read(RpcFunctionMetadata metadata)
    {
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            var type = Text(root, "type") ?? "";
            if (!type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase)
                || !string.Equals(Text(root, "direction"), "in", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = root.TryGetProperty("methods", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList()
                : [];
            return new FunctionTrigger(
                type, Text(root, "name") ?? throw new InvalidOperationException($"{metadata.Name}: its trigger has no name"),
                Text(root, "route"), methods, Text(root, "schedule"));
        }

        throw new InvalidOperationException($"{metadata.Name}: no trigger binding among {string.Join(", ", metadata.RawBindings)}");
    }

    private static string? Text(JsonElement binding, string property) =>
        binding.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
