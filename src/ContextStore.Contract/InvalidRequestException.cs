namespace ContextStore.Contract;

/// <summary>A name, parameter or body that the contract rejects with 400; the message says which.</summary>
public sealed class InvalidRequestException(string message) : Exception(message);
