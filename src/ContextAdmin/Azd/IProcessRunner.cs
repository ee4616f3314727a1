namespace ContextAdmin.Azd;

/// <summary>
/// Runs the programs the azd hooks ask (<c>azd</c>, <c>az</c>) and returns what they printed, so that tests can
/// script their answers (see <see cref="SystemProcessRunner"/> for the real one).
/// </summary>
public interface IProcessRunner
{
    /// <param name="program">A program name looked up on PATH, as a shell would.</param>
    /// <param name="discardErrors">Drop what the program writes to standard error (otherwise it reaches ours).</param>
    Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments, bool discardErrors, CancellationToken cancellationToken);
}

/// <summary>What a run of a program gave: <see cref="Found"/> false when it is not installed (not on PATH).</summary>
public sealed record ProcessResult(bool Found, int ExitCode, string Output)
{
    public static ProcessResult NotFound { get; } = new(false, -1, "");

    public bool Succeeded => Found && ExitCode == 0;
}
