namespace ContextStore.Http.Responses;

/// <summary>The body of every non-2xx answer: the toolbelt reads <c>message</c>.</summary>
public sealed record ErrorBody(string Message);

/// <summary>A row of N2.</summary>
public sealed record NamespaceBody(string Name, string CreatedAt, int? TtlSecond);

/// <summary>A row of T2.</summary>
public sealed record SessionTtlBody(string SessionId, string CreatedAt, int TtlSecond);
