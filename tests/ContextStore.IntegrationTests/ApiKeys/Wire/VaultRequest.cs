namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>One request that reached <see cref="LoopbackKeyVault"/>: what was asked, with a valid bearer token or not, and the status answered (0: none).</summary>
public sealed record VaultRequest(string Method, string Path, string Query, bool Authorized, int Status, DateTimeOffset ReceivedAt);
