namespace ContextAdmin.Transfer;

/// <summary>How to copy: namespaces named beyond the registered ones, the page size of the listing, writes in flight.</summary>
public sealed record CopySettings(IReadOnlyCollection<string> Namespaces, int PageSize = CopySettings.DefaultPageSize, int WritesInFlight = CopySettings.DefaultWritesInFlight)
{
    public const int DefaultPageSize = 100;
    public const int DefaultWritesInFlight = 4;
}
