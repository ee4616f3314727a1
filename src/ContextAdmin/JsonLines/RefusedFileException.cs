namespace ContextAdmin.JsonLines;

/// <summary>An import file the tool refuses to write from (cut, changed, without header, another account): nothing was written.</summary>
public sealed class RefusedFileException(string message) : Exception(message);
