namespace ContextStore.ApiKeys;

/// <summary>Decides whether a presented <c>maven-api-key</c> is the active key of an account.</summary>
public interface IApiKeyStore
{
    ValueTask<ApiKeyCheck> CheckAsync(string accountId, string? presentedKey, CancellationToken cancellationToken);
}
