namespace ContextAdmin.Transfer;

/// <summary>
/// A page of a listing chosen by where it starts: the API pages by <c>page × perPage</c>, so a window that must
/// start at or before a position is the page size (up to a maximum) whose page reaches furthest past it.
/// </summary>
public readonly record struct ListingWindow(int Page, int PerPage)
{
    /// <summary>
    /// A window can reach past position <c>p</c> with some page size <c>k</c> unless <c>p + 1</c> is a multiple of every
    /// <c>k</c> allowed: with sizes up to 30 that first happens past 10^12 sessions (with sizes up to 10, at 2,519). So
    /// windows may be this large whatever the page size asked for.
    /// </summary>
    public const int MinimumMaxPerPage = 30;

    public long Start => (long)Page * PerPage;

    /// <summary>The first page.</summary>
    public static ListingWindow First(int maxPerPage) => new(0, maxPerPage);

    /// <summary>
    /// The window that holds <paramref name="position"/> and reaches furthest beyond it, with at most
    /// <paramref name="maxPerPage"/> elements (or <see cref="MinimumMaxPerPage"/>).
    /// </summary>
    public static ListingWindow Holding(long position, int maxPerPage)
    {
        maxPerPage = Math.Max(maxPerPage, MinimumMaxPerPage);
        var best = new ListingWindow((int)(position / maxPerPage), maxPerPage);
        var bestEnd = best.Start + maxPerPage;
        for (var perPage = maxPerPage - 1; perPage >= 1 && bestEnd - position < perPage; perPage--)
        {
            var start = position / perPage * perPage;
            if (start + perPage > bestEnd && start / perPage <= int.MaxValue)
            {
                best = new ListingWindow((int)(start / perPage), perPage);
                bestEnd = start + perPage;
            }
        }

        return best;
    }
}
