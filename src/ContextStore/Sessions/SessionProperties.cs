using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Json;
using ContextStore.Namespaces;
using ContextStore.Storage;

namespace ContextStore.Sessions;

/// <summary>
/// P1–P5 and S1–S6: the properties of one session. Namespace properties are those of the session
/// <c>__default__</c> (<see cref="SessionKey.NamespaceDefault"/>).
/// </summary>
public sealed class SessionProperties(CurrentSessionReader sessions, SessionWriter writer, TimeProvider clock)
{
    /// <summary>P1/S1: a shallow merge; a value given for a key replaces the old value whole.</summary>
    public Task<WriteResult> MergeAsync(
        SessionKey key, IReadOnlyDictionary<string, JsonElement> properties, WritePrecondition? precondition, CancellationToken cancellationToken)
    {
        var changes = StoredProperties.ToCompactValues(properties);
        return writer.WriteAsync(
            key,
            (session, write) => session.WithProperties(session.LiveProperties(write.Now).With(changes), write.Now, write.NamespaceTtl),
            precondition,
            cancellationToken);
    }

    /// <summary>P2/S2.</summary>
    public Task<WriteResult> SetAsync(
        SessionKey key, string name, JsonElement value, WritePrecondition? precondition, CancellationToken cancellationToken)
    {
        KeyValuePair<string, string>[] change = [KeyValuePair.Create(name, CompactJson.Write(value))];
        return writer.WriteAsync(
            key,
            (session, write) => session.WithProperties(session.LiveProperties(write.Now).With(change), write.Now, write.NamespaceTtl),
            precondition,
            cancellationToken);
    }

    /// <summary>P3/S3: all live properties, or those of <paramref name="include"/> that exist; a missing session reads as empty.</summary>
    public async Task<SessionSnapshot> GetAsync(SessionKey key, IReadOnlyCollection<string>? include, CancellationToken cancellationToken)
    {
        var (stored, _) = await sessions.ReadAsync(key, cancellationToken);
        var live = stored is not null && stored.Document.IsLive(clock.GetUtcNow()) ? stored : null;
        var properties = live?.Document.Properties ?? StoredProperties.Empty;
        return new SessionSnapshot(
            include is null ? properties : properties.Select(include),
            live?.ETag ?? SessionVersions.Absent);
    }

    /// <summary>
    /// P3/S3 without <c>include</c>: the live properties' text as UTF-8, copied out of the stored document as it
    /// stands; a missing or expired session reads as <c>{}</c>, with the version of no session.
    /// </summary>
    public async Task<SessionJsonSnapshot> GetJsonAsync(SessionKey key, CancellationToken cancellationToken)
    {
        var stored = await sessions.ReadPropertiesAsync(key, cancellationToken);
        return stored is not null && stored.IsLive(clock.GetUtcNow())
            ? new SessionJsonSnapshot(stored.Utf8Json, stored.ETag)
            : new SessionJsonSnapshot(StoredPropertiesText.EmptyObject, SessionVersions.Absent);
    }

    /// <summary>P4/S4: null when the property does not exist or the session has expired.</summary>
    public async Task<PropertySnapshot?> GetOneAsync(SessionKey key, string name, CancellationToken cancellationToken)
    {
        var (stored, _) = await sessions.ReadAsync(key, cancellationToken);
        return stored is not null && stored.Document.LiveProperties(clock.GetUtcNow()).Values.TryGetValue(name, out var value)
            ? new PropertySnapshot(value, stored.ETag)
            : null;
    }

    /// <summary>P5/S5: idempotent; deleting a property that is not there writes nothing.</summary>
    public Task<WriteResult> DeleteAsync(SessionKey key, string name, WritePrecondition? precondition, CancellationToken cancellationToken) =>
        writer.WriteAsync(key, (session, write) =>
        {
            var live = session.LiveProperties(write.Now);
            return live.Values.ContainsKey(name)
                ? session.WithProperties(live.Without(name), write.Now, write.NamespaceTtl)
                : session;
        }, precondition, cancellationToken);

    /// <summary>
    /// S6: every property goes; the session's own TTL stays and, this being a write, its expiry restarts. A session with
    /// neither properties nor an own TTL has nothing to delete.
    /// </summary>
    public Task<WriteResult> DeleteAllAsync(SessionKey key, WritePrecondition? precondition, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            key,
            (session, write) => session.PropertyCount == 0 && session.TtlSecond is null ? session : session.WithoutProperties(write.Now),
            precondition,
            cancellationToken);
}
