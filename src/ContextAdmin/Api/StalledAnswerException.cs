namespace ContextAdmin.Api;

/// <summary>An endpoint stopped sending its answer, or sends it too slowly to finish (a slow drip).</summary>
public sealed class StalledAnswerException(string message) : Exception(message);
