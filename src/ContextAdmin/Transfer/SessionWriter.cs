using ContextAdmin.Api;

namespace ContextAdmin.Transfer;

/// <summary>
/// Writes one session into the target: its own TTL when it has one, then its properties. Everything is checked
/// before the first request (the names, the requests the properties need), so a session the target's contract cannot
/// hold is not half written. What the target refuses of this session alone becomes a failure in the log and the run
/// goes on; anything else (the key, an endpoint that is down) is thrown.
/// </summary>
public sealed class SessionWriter(ContextApiClient target, FailureLog failures)
{
    /// <returns>True when the session arrived whole.</returns>
    public async Task<bool> WriteAsync(string ns, string sessionId, long? ttlSecond, ReadOnlyMemory<byte> properties, CancellationToken cancellationToken)
    {
        try
        {
            AccountAddress.Namespace(ns);
            AccountAddress.Session(sessionId);
            var writes = JsonText.IsEmptyObject(properties.Span) ? [] : PropertiesWritePlan.Plan(properties);
            if (ttlSecond is { } ttl)
            {
                await target.SetSessionTtlAsync(ns, sessionId, ttl, cancellationToken).ConfigureAwait(false);
            }

            await target.WritePropertiesAsync(ns, sessionId, writes, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsTheSessionsOwn(e))
        {
            failures.Add(new TransferFailure(ns, sessionId, e.Message));
            return false;
        }
    }

    /// <summary>A failure that concerns one session (or one namespace) only: the rest of the run can go on.</summary>
    public static bool IsTheSessionsOwn(Exception e) =>
        e is UnaddressableNameException or UnmovablePropertiesException or ContextApiException { RefusesTheRequest: true };
}
