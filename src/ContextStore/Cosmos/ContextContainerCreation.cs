using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.Cosmos;

/// <summary>
/// Creates the database and container when <see cref="CosmosOptions.CreateIfNotExists"/> is set (local runs), for
/// either host: in the background and until it succeeds, with a growing pause between attempts, so that a host started
/// while Cosmos DB is down keeps running and answers 503 instead of exiting. A request that arrives before the
/// container exists waits for it at most <see cref="CosmosOptions.RequestTimeout"/>, like any Cosmos DB call. In
/// Azure, infra creates them and this does nothing.
/// </summary>
public sealed class ContextContainerCreation : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly ContextContainerInitializer _initializer;
    private readonly TimeSpan _attemptTimeout;
    private readonly ILogger<ContextContainerCreation> _logger;
    private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ContextContainerCreation(
        ContextContainerInitializer initializer, IOptions<CosmosOptions> options, ILogger<ContextContainerCreation> logger)
    {
        _initializer = initializer;
        _attemptTimeout = options.Value.RequestTimeout;
        _logger = logger;
        if (!options.Value.CreateIfNotExists)
        {
            _created.SetResult();
        }
    }

    /// <summary>Completes when the database and container exist (at once when the host does not create them).</summary>
    public Task Created => _created.Task;

    /// <summary>Returns once the container exists; throws <see cref="StoreUnavailableException"/> when it does not within the request timeout.</summary>
    public async ValueTask WaitUntilCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created.Task.IsCompleted)
        {
            return;
        }

        try
        {
            await _created.Task.WaitAsync(_attemptTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new StoreUnavailableException("The Cosmos DB database and container are not created yet.", FirstRetry, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!_created.Task.IsCompleted)
        {
            try
            {
                // The SDK's own timeout does not bound a server that accepts connections and never answers.
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                attempt.CancelAfter(_attemptTimeout);
                await _initializer.EnsureCreatedAsync(attempt.Token).ConfigureAwait(false);
                _created.TrySetResult();
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure, not only an unreachable Cosmos DB: a host that cannot create its container keeps
                // running, answers 503 and says why here, rather than stopping.
                _logger.LogWarning(e, "Could not create the Cosmos DB database and container; retrying in {Retry}", retry);
            }

            await Task.Delay(retry, stoppingToken).ConfigureAwait(false);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }
}
