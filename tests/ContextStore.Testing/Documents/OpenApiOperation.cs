namespace ContextStore.Testing.Documents;

/// <summary>One operation of the document: <c>GET /v1/account/{accountId}</c> named <c>ListNamespaces</c>.</summary>
public sealed record OpenApiOperation(string Method, string Path, string? OperationId)
{
    public string Describe() => $"{OperationId} {Method} {Path}";
}
