using ContextStore.ApiKeys;
using ContextStore.Cosmos;
using ContextStore.Http.Responses;
using ContextStore.Names;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// What every request goes through, once for both hosts: the account id is checked, the
/// <c>maven-api-key</c> is verified, the container is there (or the request waits for its creation), the operation
/// runs, and every failure becomes the contract's JSON error.
/// </summary>
public sealed class RequestPipeline(IApiKeyStore keys, ContextContainerCreation containerCreation, ILogger<RequestPipeline> logger)
{
    public const string ApiKeyHeader = "maven-api-key";

    /// <summary>Longer than any key we issue; longer ones are refused before they are hashed.</summary>
    private const int MaxApiKeyLength = 512;

    /// <param name="operation">Runs with the account id as stored (lower case) once the key is verified.</param>
    public async Task<IResult> RunAsync(
        HttpRequest request, string accountId, Func<string, CancellationToken, Task<IResult>> operation)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            // First, as a host's check before routing would answer: the path names what the client meant, or 400.
            RouteNames.EnsureAddressable(request);
            var account = RequestNames.Account(accountId);
            var check = await CheckApiKeyAsync(request, account, cancellationToken);
            if (check == ApiKeyCheck.Rejected)
            {
                logger.LogInformation("Refused a request for account {AccountId}: missing or invalid API key", accountId);
                return ApiError.Forbidden;
            }

            if (check == ApiKeyCheck.StoreUnavailable)
            {
                logger.LogWarning("Key store unreachable; refusing account {AccountId} with 503", accountId);
                return ApiError.ServiceUnavailable("The API key store is unavailable; try again shortly.", TimeSpan.FromSeconds(5));
            }

            await containerCreation.WaitUntilCreatedAsync(cancellationToken);
            return await operation(account, cancellationToken);
        }
        catch (InvalidRequestException e)
        {
            return ApiError.BadRequest(e.Message);
        }
        catch (RequestBodyTooLargeException e)
        {
            return new ApiError(StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (StoreUnavailableException e)
        {
            // A warning per refused request, without the stack trace or the SDK's diagnostics: during an outage there are many.
            logger.LogWarning("Cosmos DB unavailable for account {AccountId}: {Reason}", accountId, e.Message);
            return ApiError.ServiceUnavailable("The context store is temporarily unavailable; try again shortly.", e.RetryAfter);
        }
        catch (BadHttpRequestException e)
        {
            return new ApiError(e.StatusCode, "The request could not be read.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ApiResults.ClientClosedRequest;
        }
        catch (IOException e) when (e is ConnectionResetException || cancellationToken.IsCancellationRequested)
        {
            // The connection ended while the body was read (a client's reset or abort): the client's doing, not a fault.
            logger.LogInformation("The client's connection ended before its request was read: {Reason}", e.Message);
            return ApiResults.ClientClosedRequest;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unexpected failure for account {AccountId}", accountId);
            return new ApiError(StatusCodes.Status500InternalServerError, "An unexpected error occurred.");
        }
    }

    private ValueTask<ApiKeyCheck> CheckApiKeyAsync(HttpRequest request, string accountId, CancellationToken cancellationToken)
    {
        var values = request.Headers[ApiKeyHeader];
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > MaxApiKeyLength)
        {
            return ValueTask.FromResult(ApiKeyCheck.Rejected);
        }

        return keys.CheckAsync(accountId, values[0], cancellationToken);
    }
}
