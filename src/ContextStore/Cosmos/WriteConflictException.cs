namespace ContextStore.Cosmos;

/// <summary>A session or registration changed (or appeared, or vanished) between our read and our write.</summary>
public sealed class WriteConflictException(Exception inner) : Exception("The document changed between its read and its conditional write.", inner);
