namespace ContextAdmin.Api;

/// <summary>A session's properties hold something no request within the target's contract can carry: nothing is sent.</summary>
public sealed class UnmovablePropertiesException(string message) : Exception(message);
