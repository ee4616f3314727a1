namespace ContextAdmin.CommandLine;

/// <summary>The tool's exit codes.</summary>
public static class ExitCodes
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;
    public const int AccessDenied = 3;
    public const int Differences = 4;

    /// <summary>The run went through, but some sessions or namespaces could not be moved: listed, and in the failures file.</summary>
    public const int SomeFailed = 5;

    public const int Interrupted = 130;
}
