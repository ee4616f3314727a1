using ContextAdmin.Api;

namespace ContextAdmin.Transfer;

/// <summary>
/// L1 walked with a <see cref="ListingCursor"/>: ids only, at most <see cref="PageSize"/> a page, so counting a
/// namespace and asking whether anything follows a session cost little and miss nothing that stays listed.
/// </summary>
public static class SessionIdListing
{
    public const int PageSize = 1000;

    /// <summary>How many sessions the namespace lists (namespace properties included).</summary>
    public static async Task<long> CountAsync(ContextApiClient source, string ns, CancellationToken cancellationToken)
    {
        long count = 0;
        var cursor = new ListingCursor(null, 0, PageSize);
        await cursor.WalkAsync(
            (window, token) => source.ListSessionIdsAsync(ns, window.Page, window.PerPage, token),
            id => id,
            (_, _) =>
            {
                count++;
                return ValueTask.FromResult(true);
            },
            isEnd: null,
            onWindowDone: null,
            cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Whether the namespace lists a session after <paramref name="last"/> (listed at about <paramref name="position"/>).</summary>
    public static async ValueTask<bool> AnyAfterAsync(ContextApiClient source, string ns, string? last, long position, CancellationToken cancellationToken)
    {
        var found = false;
        var cursor = new ListingCursor(last, position, PageSize);
        await cursor.WalkAsync(
            (window, token) => source.ListSessionIdsAsync(ns, window.Page, window.PerPage, token),
            id => id,
            (_, _) =>
            {
                found = true;
                return ValueTask.FromResult(false);
            },
            isEnd: null,
            onWindowDone: null,
            cancellationToken).ConfigureAwait(false);
        return found;
    }
}
