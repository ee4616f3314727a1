using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace ContextStore.Cosmos;

/// <summary>
/// Every Cosmos DB call the store makes: point operations for one session, targeted prefix
/// queries for listings, and the indexed expiry query for the sweeper.
/// </summary>
public sealed class CosmosContextRepository(ContextContainer context, CosmosJson json, IOptions<CosmosOptions> options)
{
    private static readonly ItemRequestOptions NoContentOnWrite = new() { EnableContentResponseOnWrite = false };

    private Container Container => context.Container;

    public async Task<StoredSession?> ReadSessionAsync(SessionKey key, CancellationToken cancellationToken)
    {
        var (document, etag) = await ReadAsync<SessionDocument>(
            SessionDocument.DocumentId, ContextContainer.SessionPartition(key), cancellationToken);
        return document is null ? null : new StoredSession(document, etag!);
    }

    /// <summary>The session's properties text as stored, its expiry and version, without building the document; null when there is none.</summary>
    /// <remarks>
    /// The most frequent call, guarded in place (the same deadline and failures as <see cref="CosmosFailures.Guard{T}"/>)
    /// rather than through a closure and a second state machine.
    /// </remarks>
    public async Task<StoredPropertiesText?> ReadSessionPropertiesAsync(SessionKey key, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.RequestTimeout);
        try
        {
            // WaitAsync: as in Guard, the deadline ends the wait even where the SDK does not honour the token.
            using var response = await Container.ReadItemStreamAsync(
                SessionDocument.DocumentId, ContextContainer.SessionPartition(key), cancellationToken: deadline.Token)
                .WaitAsync(deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            ThrowUnlessSuccess(response);
            var (properties, expiresAt, generation) = StoredPropertiesText.Parse((await ContentAsync(response.Content, deadline.Token).ConfigureAwait(false)).Span);
            return new StoredPropertiesText(properties, expiresAt, generation, response.Headers.ETag);
        }
        catch (Exception e) when (CosmosFailures.AsUnavailable(e, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>Creates the session's document; <see cref="WriteConflictException"/> when another writer created it first.</summary>
    public Task<string> CreateSessionAsync(SessionDocument document, CancellationToken cancellationToken) =>
        WriteSessionAsync(
            document,
            (content, ct) => Container.CreateItemStreamAsync(content, ContextContainer.SessionPartition(document.Key), NoContentOnWrite, ct),
            cancellationToken);

    /// <summary>Replaces the session's document if it is still at <paramref name="etag"/>.</summary>
    public Task<string> ReplaceSessionAsync(SessionDocument document, string etag, CancellationToken cancellationToken) =>
        WriteSessionAsync(
            document,
            (content, ct) => Container.ReplaceItemStreamAsync(
                content, SessionDocument.DocumentId, ContextContainer.SessionPartition(document.Key),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, ct),
            cancellationToken);

    /// <summary>Deletes the session's document if it is still at <paramref name="etag"/>; any version when null.</summary>
    public Task DeleteSessionAsync(SessionKey key, string? etag, CancellationToken cancellationToken) =>
        Guard(async cancellationToken =>
        {
            using var response = await Container.DeleteItemStreamAsync(
                SessionDocument.DocumentId, ContextContainer.SessionPartition(key),
                new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && etag is null)
            {
                return;
            }

            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
            {
                throw Conflict(response);
            }

            ThrowUnlessSuccess(response);
        }, cancellationToken);

    public async Task<NamespaceDocument?> ReadNamespaceAsync(string accountId, string name, CancellationToken cancellationToken) =>
        (await ReadRegistrationAsync(accountId, name, cancellationToken))?.Document;

    public async Task<StoredRegistration?> ReadRegistrationAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        var (document, etag) = await ReadAsync<NamespaceDocument>(
            NamespaceDocument.DocumentId, RegistrationPartition(accountId, name), cancellationToken);
        return document is null ? null : new StoredRegistration(document, etag!);
    }

    /// <summary>Creates the registration; <see cref="WriteConflictException"/> when another call created it first.</summary>
    public Task<string> CreateRegistrationAsync(NamespaceDocument document, CancellationToken cancellationToken) =>
        WriteAsync(ct => Container.CreateItemAsync(
            document, RegistrationPartition(document.AccountId, document.Name), NoContentOnWrite, ct), cancellationToken);

    /// <summary>
    /// Replaces the registration if it is still at <paramref name="etag"/>; <see cref="WriteConflictException"/>
    /// when it changed or was deleted since.
    /// </summary>
    public Task<string> ReplaceRegistrationAsync(NamespaceDocument document, string etag, CancellationToken cancellationToken) =>
        WriteAsync(ct => Container.ReplaceItemAsync(
            document, NamespaceDocument.DocumentId, RegistrationPartition(document.AccountId, document.Name),
            new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, ct), cancellationToken);

    /// <summary>The account's namespace registrations in name order, a feed page at a time.</summary>
    public IAsyncEnumerable<NamespaceRow> StreamNamespacesAsync(string accountId, CancellationToken cancellationToken) =>
        StreamAsync<NamespaceRow>(
            new QueryDefinition(
                    "SELECT c.sessionId, c.createdAt, c.ttlSecond FROM c WHERE c.accountId = @accountId AND c.namespace = @registry AND c.kind = @kind ORDER BY c.sessionId")
                .WithParameter("@accountId", accountId)
                .WithParameter("@registry", NamespaceDocument.RegistryPartition)
                .WithParameter("@kind", NamespaceDocument.NamespaceKind),
            ContextContainer.NamespacePrefix(accountId, NamespaceDocument.RegistryPartition),
            cancellationToken);

    /// <summary>
    /// Live sessions with at least one property, in Cosmos DB's order of session id, up to <paramref name="top"/>:
    /// ids and sizes only, streamed a feed page at a time, so that skipping rows holds none of them. Only sessions of
    /// <paramref name="generation"/> or later: older ones were deleted with their namespace.
    /// </summary>
    public IAsyncEnumerable<LiveSessionRow> StreamLiveSessionsAsync(
        string accountId, string @namespace, int generation, DateTimeOffset now, int top, CancellationToken cancellationToken) =>
        StreamAsync<LiveSessionRow>(
            SessionsOfNamespace(
                    $"SELECT TOP {top} c.sessionId, c.propertiesLength",
                    $"c.propertyCount > 0 AND c.expiresAt > @now{SinceGeneration(generation)} ORDER BY c.sessionId",
                    accountId,
                    @namespace)
                .WithParameter("@now", now.ToUnixTimeMilliseconds())
                .WithParameter("@generation", generation),
            ContextContainer.NamespacePrefix(accountId, @namespace),
            cancellationToken);

    /// <summary>
    /// The sessions among <paramref name="sessionIds"/> whose properties are at most
    /// <paramref name="maxPropertiesLength"/> characters, whole: the length is checked on the document the query
    /// reads, so what arrives is bounded by what is actually stored, not by what a listing found earlier.
    /// </summary>
    public IAsyncEnumerable<SessionDocument> StreamSessionsUpToAsync(
        string accountId, string @namespace, IReadOnlyList<string> sessionIds, int maxPropertiesLength, CancellationToken cancellationToken) =>
        StreamAsync<SessionDocument>(
            SessionsOfNamespace(
                    "SELECT *", "ARRAY_CONTAINS(@sessionIds, c.sessionId) AND c.propertiesLength <= @maxLength", accountId, @namespace)
                .WithParameter("@sessionIds", sessionIds)
                .WithParameter("@maxLength", maxPropertiesLength),
            ContextContainer.NamespacePrefix(accountId, @namespace),
            cancellationToken);

    /// <summary>
    /// The namespace's live sessions of <paramref name="generation"/> or later that have their own TTL, in session-id
    /// order, a feed page at a time.
    /// </summary>
    public IAsyncEnumerable<SessionTtlRow> StreamSessionTtlsAsync(
        string accountId, string @namespace, int generation, DateTimeOffset now, CancellationToken cancellationToken) =>
        StreamAsync<SessionTtlRow>(
            SessionsOfNamespace(
                    "SELECT c.sessionId, c.ttlSecond, c.ttlCreatedAt",
                    $"c.ttlSecond > 0 AND c.expiresAt > @now{SinceGeneration(generation)} ORDER BY c.sessionId",
                    accountId,
                    @namespace)
                .WithParameter("@now", now.ToUnixTimeMilliseconds())
                .WithParameter("@generation", generation),
            ContextContainer.NamespacePrefix(accountId, @namespace),
            cancellationToken);

    /// <summary>
    /// Up to <paramref name="top"/> stored sessions of one namespace from a generation before <paramref name="generation"/>
    /// (documents from before generations included): those deleted with the namespace, to remove.
    /// </summary>
    public Task<List<SessionToRemoveRow>> ListSessionsBeforeGenerationAsync(
        string accountId, string @namespace, int generation, int top, CancellationToken cancellationToken) =>
        QueryAsync<SessionToRemoveRow>(
            SessionsOfNamespace(
                    $"SELECT TOP {top} c.accountId, c.namespace, c.sessionId, c._etag",
                    "(NOT IS_DEFINED(c.generation) OR c.generation < @generation)",
                    accountId,
                    @namespace)
                .WithParameter("@generation", generation),
            ContextContainer.NamespacePrefix(accountId, @namespace),
            top,
            cancellationToken);

    /// <summary>
    /// Up to <paramref name="top"/> stored sessions whose expiry is at or before <paramref name="expiredBy"/>, across all
    /// partitions: a range query on the indexed <c>expiresAt</c>. Cosmos DB hides documents whose own ttl has run out,
    /// so this finds only what native TTL has not covered.
    /// </summary>
    public Task<List<SessionToRemoveRow>> ListExpiredSessionsAsync(DateTimeOffset expiredBy, int top, CancellationToken cancellationToken) =>
        QueryAsync<SessionToRemoveRow>(
            new QueryDefinition(
                    $"SELECT TOP {top} c.accountId, c.namespace, c.sessionId, c._etag FROM c WHERE c.kind = @kind AND c.expiresAt <= @expiredBy")
                .WithParameter("@kind", SessionDocument.SessionKind)
                .WithParameter("@expiredBy", expiredBy.ToUnixTimeMilliseconds()),
            partitionKey: null,
            top,
            cancellationToken);

    /// <summary>
    /// Up to <paramref name="top"/> sessions with their own TTL that never expire: TTL records stored before T1 counted
    /// as a write (no document written since has this shape), whole, with their <c>_ts</c>. An indexed query across all
    /// partitions.
    /// </summary>
    public Task<List<StoredSessionRow>> ListOldTtlRecordsAsync(int top, CancellationToken cancellationToken) =>
        QueryAsync<StoredSessionRow>(
            new QueryDefinition(
                    $"SELECT TOP {top} c AS document, c._ts AS ts, c._etag AS etag FROM c " +
                    "WHERE c.kind = @kind AND c.ttlSecond > 0 AND c.expiresAt = @never")
                .WithParameter("@kind", SessionDocument.SessionKind)
                .WithParameter("@never", SessionExpiry.Never),
            partitionKey: null,
            top,
            cancellationToken);

    /// <summary>Up to <paramref name="top"/> deleted namespaces whose older sessions are still to be removed, across all accounts.</summary>
    public Task<List<PendingRemovalRow>> ListPendingRemovalsAsync(int top, CancellationToken cancellationToken) =>
        QueryAsync<PendingRemovalRow>(
            new QueryDefinition(
                    $"SELECT TOP {top} c.accountId, c.sessionId, c.generation FROM c WHERE c.namespace = @registry AND c.removalPending = true")
                .WithParameter("@registry", NamespaceDocument.RegistryPartition),
            partitionKey: null,
            top,
            cancellationToken);

    /// <summary>A point read through the stream API, so that a missing document costs no exception.</summary>
    private Task<(T? Document, string? ETag)> ReadAsync<T>(string id, PartitionKey partitionKey, CancellationToken cancellationToken)
        where T : class =>
        Guard(async cancellationToken =>
        {
            using var response = await Container.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return ((T?)null, (string?)null);
            }

            ThrowUnlessSuccess(response);
            var content = await ContentAsync(response.Content, cancellationToken);
            return (json.Deserialize<T>(content.Span), response.Headers.ETag);
        }, cancellationToken);

    /// <summary>A response's bytes: the SDK's own buffer when it has one, else a copy.</summary>
    private static async ValueTask<ReadOnlyMemory<byte>> ContentAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            return buffer.AsMemory((int)memory.Position);
        }

        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private async IAsyncEnumerable<T> StreamAsync<T>(
        QueryDefinition query, PartitionKey partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions { PartitionKey = partitionKey, MaxItemCount = 1000 };
        using var iterator = Container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            foreach (var row in await Guard(iterator.ReadNextAsync, cancellationToken))
            {
                yield return row;
            }
        }
    }

    private Task<List<T>> QueryAsync<T>(
        QueryDefinition query, PartitionKey? partitionKey, int? maxItems, CancellationToken cancellationToken) =>
        Guard(async cancellationToken =>
        {
            var options = new QueryRequestOptions { PartitionKey = partitionKey, MaxItemCount = maxItems is > 0 and < 1000 ? maxItems : 1000 };
            var results = new List<T>();
            using var iterator = Container.GetItemQueryIterator<T>(query, requestOptions: options);
            while (iterator.HasMoreResults)
            {
                var page = await iterator.ReadNextAsync(cancellationToken);
                results.AddRange(page);
            }

            return results;
        }, cancellationToken);

    /// <summary>
    /// Sends a session document as bytes serialized here, so that its size is known before Cosmos DB sees it:
    /// <see cref="DocumentTooLargeException"/> when it is over the item limit, by our measure or by Cosmos DB's 413.
    /// </summary>
    private Task<string> WriteSessionAsync(
        SessionDocument document, Func<Stream, CancellationToken, Task<ResponseMessage>> write, CancellationToken cancellationToken)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options);
        if (content.Length > options.Value.MaxItemBytes)
        {
            throw new DocumentTooLargeException(content.Length);
        }

        return Guard(async ct =>
        {
            using var stream = new MemoryStream(content, writable: false);
            using var response = await write(stream, ct);
            if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                throw Conflict(response);
            }

            if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                throw new DocumentTooLargeException(content.Length);
            }

            ThrowUnlessSuccess(response);
            return response.Headers.ETag;
        }, cancellationToken);
    }

    private async Task<string> WriteAsync<T>(Func<CancellationToken, Task<ItemResponse<T>>> write, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Guard(write, cancellationToken);
            return response.ETag;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed
                                             or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            throw new WriteConflictException(e);
        }
    }

    private static WriteConflictException Conflict(ResponseMessage response) =>
        new(new CosmosException(response.ErrorMessage ?? "conflict", response.StatusCode, 0, response.Headers.ActivityId, 0));

    private Task<T> Guard<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        CosmosFailures.Guard(call, options.Value.RequestTimeout, cancellationToken);

    private Task Guard(Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CosmosFailures.Guard(call, options.Value.RequestTimeout, cancellationToken);

    /// <summary>
    /// A query of the session documents of one namespace: the prefix is repeated in the WHERE clause (the design's
    /// rule for targeted prefix queries), then <paramref name="conditions"/>.
    /// </summary>
    private static QueryDefinition SessionsOfNamespace(string select, string conditions, string accountId, string @namespace) =>
        new QueryDefinition($"{select} FROM c WHERE c.accountId = @accountId AND c.namespace = @namespace AND c.kind = @kind AND {conditions}")
            .WithParameter("@accountId", accountId)
            .WithParameter("@namespace", @namespace)
            .WithParameter("@kind", SessionDocument.SessionKind);

    /// <summary>The condition on a session's generation: none while the namespace was never deleted.</summary>
    private static string SinceGeneration(int generation) => generation > 0 ? " AND c.generation >= @generation" : "";

    private static PartitionKey RegistrationPartition(string accountId, string name) =>
        new PartitionKeyBuilder().Add(accountId).Add(NamespaceDocument.RegistryPartition).Add(name).Build();

    private static void ThrowUnlessSuccess(ResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if (CosmosFailures.IsTransient(response.StatusCode))
        {
            throw CosmosFailures.Unavailable(response.StatusCode, RetryAfter(response.Headers));
        }

        response.EnsureSuccessStatusCode();
    }

    private static TimeSpan? RetryAfter(Headers headers) =>
        int.TryParse(headers["x-ms-retry-after-ms"], out var milliseconds) ? TimeSpan.FromMilliseconds(milliseconds) : null;
}
