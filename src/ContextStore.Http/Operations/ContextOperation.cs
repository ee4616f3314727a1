namespace ContextStore.Http.Operations;

/// <summary>One operation of the contract: its name (the function's and the endpoint's), method, route and handler.</summary>
public sealed record ContextOperation(string Name, string Method, string Route, Type Handler);
