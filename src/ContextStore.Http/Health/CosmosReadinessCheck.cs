using ContextStore.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextStore.Http.Health;

/// <summary>
/// Ready when Cosmos DB answers a read of the container's properties within <see cref="Readiness.Timeout"/>. The probe
/// is anonymous, so checks that arrive while one read is under way share it, and an answer, healthy or not, is reused
/// for <see cref="AnswerReuse"/>: a flood of probes costs Cosmos DB at most about one metadata read a second per
/// instance, also while Cosmos DB refuses at once (a deleted container, revoked access). A change shows within a second.
/// </summary>
public sealed class CosmosReadinessCheck(ContextContainer container) : IHealthCheck
{
    public static readonly TimeSpan AnswerReuse = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _current;
    private long _answerUntil;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> read;
        lock (_gate)
        {
            if (!Reusable(_current))
            {
                _current = Task.Run(ReadAsync, CancellationToken.None);
            }

            read = _current!;
        }

        // One caller giving up (the health check's own timeout) does not cancel the read the others wait for.
        return read.WaitAsync(cancellationToken);
    }

    private bool Reusable(Task<HealthCheckResult>? read) =>
        read is not null && (!read.IsCompleted || Environment.TickCount64 < Volatile.Read(ref _answerUntil));

    private async Task<HealthCheckResult> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Readiness.Timeout);
        try
        {
            await container.Container.ReadContainerAsync(cancellationToken: timeout.Token);
            return HealthCheckResult.Healthy("Cosmos DB answered.");
        }
        catch (Exception e)
        {
            // The description is served without an API key: the kind of failure only, never endpoint or account details.
            return HealthCheckResult.Unhealthy($"Cosmos DB did not answer ({e.GetType().Name}).");
        }
        finally
        {
            // Real time, not the host's TimeProvider: the reuse is about Cosmos DB's load, and a test's frozen clock
            // must not keep an answer for ever.
            Volatile.Write(ref _answerUntil, Environment.TickCount64 + (long)AnswerReuse.TotalMilliseconds);
        }
    }
}
