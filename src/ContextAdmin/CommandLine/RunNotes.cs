using ContextAdmin.Transfer;

namespace ContextAdmin.CommandLine;

/// <summary>
/// What a message about a run that stopped may truthfully say: whether a rerun continues or starts over, and where
/// the failures found so far are listed. Each command keeps it up to date as it goes.
/// </summary>
public sealed class RunNotes
{
    public string AfterStop { get; set; } = "nothing was written.";

    public FailureLog? Failures { get; set; }
}
