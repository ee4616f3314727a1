using System.Threading.RateLimiting;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using ContextStore.Cosmos;
using ContextStore.Http.Responses;
using ContextStore.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Pipeline;

/// <summary>
/// What every request goes through, once for both hosts: the path and account id are checked, the
/// <c>maven-api-key</c> is verified, the account takes one of its requests per time (<see cref="AccountRateLimiter"/>:
/// beyond its budget 429), the account gets a turn (<see cref="AccountConcurrencyLimiter"/>: its excess waits,
/// beyond its queue 503), the container is there (or the request waits for its creation), the operation runs, and
/// every failure becomes the contract's JSON error. Each request is measured (<see cref="OperationSignals"/>) and what
/// runs for it, the writing of its answer included, counts its Cosmos DB calls for it (<see cref="CurrentOperation"/>).
/// </summary>
public sealed class RequestPipeline(
    IApiKeyStore keys,
    AccountRateLimiter accountRates,
    AccountConcurrencyLimiter accountTurns,
    ContextContainerCreation containerCreation,
    OperationSignals signals,
    ILogger<RequestPipeline> logger)
{
    public const string ApiKeyHeader = "maven-api-key";

    /// <summary>Longer than any key we issue; longer ones are refused before they are hashed.</summary>
    private const int MaxApiKeyLength = 512;

    /// <summary>The <c>Retry-After</c> of a 503 for a key that could not be checked.</summary>
    private static readonly TimeSpan KeyCheckRetryAfter = TimeSpan.FromSeconds(5);

    /// <param name="operationName">The contract operation's name (<see cref="ContextOperations"/>), as signals name it.</param>
    /// <param name="operation">Runs with the account id as stored (lower case) once the key is verified.</param>
    public async Task<IResult> RunAsync(
        HttpRequest request, string operationName, string accountId, Func<string, CancellationToken, Task<IResult>> operation)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var measurement = signals.Begin(request.HttpContext, operationName);
        using var current = CurrentOperation.Begin(operationName, cancellationToken);
        RateLimitLease? turn = null;
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

            if (check == ApiKeyCheck.ReadBudgetSpent)
            {
                // Logged by the key store once a minute: a flood of made-up account ids makes many of these.
                return ApiError.ServiceUnavailable(
                    "The API key of this account cannot be verified now: too many unknown accounts were asked for; try again shortly.",
                    KeyCheckRetryAfter);
            }

            if (check != ApiKeyCheck.Accepted)
            {
                logger.LogWarning("Key store unreachable; refusing account {AccountId} with 503", accountId);
                return ApiError.ServiceUnavailable("The API key store is unavailable; try again shortly.", KeyCheckRetryAfter);
            }

            // After the key: a wrong key spends nothing of the account's budget, and made-up ids get no bucket. Before the
            // turn: a request over the budget never waits in the queue.
            if (!accountRates.TryAcquire(account, out var retryAfter))
            {
                // Debug: a noisy account would otherwise cost a log line (and its ingestion) per refused request.
                logger.LogDebug("Account {AccountId} is over its request rate on this instance; refusing with 429", account);
                return ApiError.TooManyRequests(retryAfter);
            }

            // After the key: only verified accounts get a partition, and a refused key costs no turn.
            turn = await accountTurns.AcquireAsync(account, cancellationToken);
            if (!turn.IsAcquired)
            {
                logger.LogWarning("Account {AccountId} has as many requests running and waiting as this instance allows; refusing with 503", account);
                return ApiError.ServiceUnavailable(
                    "This account has too many requests in progress on this instance; try again shortly.", accountTurns.RetryAfter);
            }

            await containerCreation.WaitUntilCreatedAsync(cancellationToken);
            var result = await operation(account, cancellationToken);
            // The turn lasts until the answer is written: a streamed listing reads Cosmos DB while it is sent.
            var answer = new InOperationResult(ApiResults.ReleasingAfterExecution(result, turn), measurement);
            turn = null;
            return answer;
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
        finally
        {
            // Not handed to the answer: a failure's answer needs no turn to be written.
            turn?.Dispose();
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
