using System.Net;

namespace ContextAdmin.Api;

/// <summary>An endpoint answered 403: the key is wrong or belongs to another account. Nothing more is attempted.</summary>
public sealed class AccessDeniedException(Uri endpoint, string accountId, string serverMessage)
    : ContextApiException(
        $"{endpoint.GetLeftPart(UriPartial.Authority)} refused the API key for account {accountId} (403: {serverMessage}). "
        + "Check the key and the account; stopped.",
        HttpStatusCode.Forbidden);
