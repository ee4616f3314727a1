using System.Text.Json.Serialization;

namespace ContextAdmin.Transfer;

/// <summary>
/// Something a run could not move, and why. <see cref="SessionId"/> null: the namespace itself (or what is left of it
/// after the last session moved); <see cref="Line"/>: a line of an import file that holds no record.
/// </summary>
public sealed record TransferFailure(
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("sessionId")] string? SessionId,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("line"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Line = null)
{
    public override string ToString() =>
        Line is { } line ? $"line {line}: {Reason}"
        : SessionId is null ? $"namespace {Namespace}: {Reason}"
        : $"namespace {Namespace} session {SessionId}: {Reason}";
}
