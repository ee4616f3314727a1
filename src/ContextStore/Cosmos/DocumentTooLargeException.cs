namespace ContextStore.Cosmos;

/// <summary>A session document over Cosmos DB's item limit; nothing was saved.</summary>
public sealed class DocumentTooLargeException(int bytes)
    : Exception($"The session document would be {bytes} bytes, over Cosmos DB's item limit.");
