using System.Net;
using Azure;
using Azure.Identity;

namespace ContextStore.ApiKeys;

/// <summary>What a failed read of a Key Vault secret means for a key check; descriptions never hold a secret.</summary>
internal static class KeyVaultFailures
{
    /// <summary>The newest version of the secret is disabled: the account has no active key.</summary>
    public static bool IsDisabledSecret(RequestFailedException e) =>
        e.Status == (int)HttpStatusCode.Forbidden
        && (string.Equals(e.ErrorCode, "SecretDisabled", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("disabled secret", StringComparison.OrdinalIgnoreCase));

    /// <summary>The vault could not answer (network, 429, 5xx, sign-in): no key can be verified now.</summary>
    public static bool IsUnreachable(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status is 0 or (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500,
        HttpRequestException or TimeoutException or OperationCanceledException => true,
        AuthenticationFailedException or CredentialUnavailableException => true,
        // The Azure SDK reports a request that failed every retry as an AggregateException of the attempts.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnreachable),
        _ => false,
    };

    /// <summary>A short description for the log: status and error code, or the exception's type.</summary>
    public static string Describe(Exception e) => e switch
    {
        RequestFailedException failed => $"status {failed.Status} {failed.ErrorCode}",
        OperationCanceledException => "timed out",
        AggregateException aggregate => $"{aggregate.InnerExceptions.Count} attempts, the last: {Describe(aggregate.InnerExceptions[^1])}",
        _ => e.GetType().Name,
    };

    /// <summary>A signal's <c>error.type</c>: the HTTP status, <c>timeout</c>, or the exception's type; never a message.</summary>
    public static string ErrorType(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } failed => failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OperationCanceledException => "timeout",
        AggregateException { InnerExceptions.Count: > 0 } aggregate => ErrorType(aggregate.InnerExceptions[^1]),
        _ => e.GetType().FullName ?? e.GetType().Name,
    };
}
