namespace ContextStore.IntegrationTests.ApiKeys.Wire;

/// <summary>How <see cref="LoopbackKeyVault"/> fails a request instead of answering it.</summary>
public enum VaultFault
{
    None,

    /// <summary>429 with <c>Retry-After</c>, as Key Vault throttles.</summary>
    Throttle,

    /// <summary>500.</summary>
    ServerError,

    /// <summary>Accepts the request and never answers.</summary>
    Hang,
}
