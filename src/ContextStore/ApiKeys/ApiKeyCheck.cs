namespace ContextStore.ApiKeys;

public enum ApiKeyCheck
{
    /// <summary>The key is the account's active key.</summary>
    Accepted,

    /// <summary>Missing, wrong, or another account's key: 403.</summary>
    Rejected,

    /// <summary>The key store cannot be reached and this key was not verified recently: 503.</summary>
    StoreUnavailable,

    /// <summary>
    /// The account's key is not known to the instance and its budget of vault reads for such accounts is spent for
    /// now (<see cref="KeyVaultOptions.UnknownAccountReadsPerMinute"/>): 503, nothing was read.
    /// </summary>
    ReadBudgetSpent,
}
