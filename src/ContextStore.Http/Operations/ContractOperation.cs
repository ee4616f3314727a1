namespace ContextStore.Http.Operations;

/// <summary>
/// Endpoint metadata of the contract's operations: each answers every request itself, errors included, through
/// <see cref="Pipeline.RequestPipeline"/>, which also refuses dot segments; a host's middleware for other requests
/// (unmatched routes, health, documents) can let these pass straight through.
/// </summary>
public sealed class ContractOperation
{
    public static ContractOperation Instance { get; } = new();

    private ContractOperation()
    {
    }
}
