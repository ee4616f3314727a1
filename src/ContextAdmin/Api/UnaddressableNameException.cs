namespace ContextAdmin.Api;

/// <summary>A namespace, session id or property name that no request of the contract can address: nothing is sent.</summary>
public sealed class UnaddressableNameException(string message) : Exception(message);
