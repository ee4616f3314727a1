namespace ContextStore.Http.Pipeline;

public sealed class RequestBodyTooLargeException(string message) : Exception(message);
