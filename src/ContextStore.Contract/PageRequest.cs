namespace ContextStore.Contract;

public readonly record struct PageRequest(int Page, int PerPage)
{
    public static PageRequest First { get; } = new(0, ContextLimits.DefaultPerPage);

    /// <summary>How many items precede this page; long because page × perPage can pass int.MaxValue.</summary>
    public long Skip => (long)Page * PerPage;
}
