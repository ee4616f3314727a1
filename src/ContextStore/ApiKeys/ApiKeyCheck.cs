namespace ContextStore.ApiKeys;

public enum ApiKeyCheck
{
    /// <summary>The key is the account's active key.</summary>
    Accepted,

    /// <summary>Missing, wrong, or another account's key: 403.</summary>
    Rejected,

    /// <summary>The key store cannot be reached and this key was not verified recently: 503.</summary>
    StoreUnavailable,
}
