namespace ContextStore.Cosmos;

/// <summary>The document changed (or appeared, or vanished) between our read and our write.</summary>
public sealed class WriteConflictException(Exception inner) : Exception("The session changed during the write.", inner);
