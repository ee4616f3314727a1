namespace ContextAdmin.Transfer;

/// <summary>
/// Walks a listing sorted by session id (L1 or L2) so that no session that stays listed from the walk's start to its
/// end is missed, however the listing changes meanwhile. The API pages by position, and a session that expires or is
/// deleted moves every later one a position down: page numbers alone skip sessions. So each window is chosen to start
/// at or before the last session handed on (<see cref="Last"/>), and it counts only when its first session sorts at or
/// before that one: then nothing can lie between them. A window that starts after it is read again from further back.
/// A short window ends the walk only when <c>isEnd</c> agrees (L2 leaves out sessions removed while its page streams).
/// </summary>
public sealed class ListingCursor(string? last, long position, int maxPerPage)
{
    /// <summary>
    /// Windows in a row that bring no new session, and do not start beyond the one before, before the walk stops as not
    /// advancing (a listing that answers every page with the same sessions).
    /// </summary>
    public const int MaxWindowsWithoutProgress = 1000;

    private readonly int _maxPerPage = Math.Max(ListingWindow.MinimumMaxPerPage, maxPerPage);

    /// <summary>The last session handed on (in this walk or, resumed, an earlier one); null before the first.</summary>
    public string? Last { get; private set; } = last;

    /// <summary>Where <see cref="Last"/> was listed when last seen: the position the next window must hold.</summary>
    public long Position { get; private set; } = position;

    /// <summary>
    /// Hands every session after <see cref="Last"/> to <paramref name="onSession"/>, once and in order, until the listing
    /// ends or <paramref name="onSession"/> answers false; <paramref name="onWindowDone"/> follows each window.
    /// </summary>
    /// <exception cref="InvalidDataException">The listing is not sorted, or does not advance.</exception>
    public async Task WalkAsync<T>(
        Func<ListingWindow, CancellationToken, IAsyncEnumerable<T>> read,
        Func<T, string> idOf,
        Func<T, CancellationToken, ValueTask<bool>> onSession,
        Func<CancellationToken, ValueTask<bool>>? isEnd,
        Func<CancellationToken, ValueTask>? onWindowDone,
        CancellationToken cancellationToken)
    {
        var stepBack = (long)_maxPerPage;
        var withoutProgress = 0;
        string? previousFirst = null;
        while (true)
        {
            var window = Last is null ? ListingWindow.First(_maxPerPage) : ListingWindow.Holding(Position, _maxPerPage);
            var result = await ReadWindowAsync(window, read, idOf, onSession, cancellationToken).ConfigureAwait(false);
            if (result.Stopped)
            {
                return;
            }

            if (result.StartsAfterLast)
            {
                // Sessions before the window went away: read again from further back (at the start, nothing can be missed).
                Position = Math.Max(0, window.Start - stepBack);
                stepBack *= 2;
            }
            else
            {
                stepBack = _maxPerPage;
                if (onWindowDone is not null)
                {
                    await onWindowDone(cancellationToken).ConfigureAwait(false);
                }

                if (result.Count < window.PerPage && (isEnd is null || await isEnd(cancellationToken).ConfigureAwait(false)))
                {
                    return;
                }
            }

            var advanced = result.Handed > 0
                || (!result.StartsAfterLast && result.First is not null && (previousFirst is null || string.CompareOrdinal(result.First, previousFirst) > 0));
            previousFirst = result.StartsAfterLast ? previousFirst : result.First;
            withoutProgress = advanced ? 0 : withoutProgress + 1;
            if (withoutProgress >= MaxWindowsWithoutProgress)
            {
                throw new InvalidDataException(
                    $"the listing brought nothing new in {MaxWindowsWithoutProgress} pages in a row (after '{Last}'): it does not advance; stopped.");
            }
        }
    }

    private sealed record WindowResult(int Count, int Handed, string? First, bool StartsAfterLast, bool Stopped);

    private async Task<WindowResult> ReadWindowAsync<T>(
        ListingWindow window,
        Func<ListingWindow, CancellationToken, IAsyncEnumerable<T>> read,
        Func<T, string> idOf,
        Func<T, CancellationToken, ValueTask<bool>> onSession,
        CancellationToken cancellationToken)
    {
        var count = 0;
        var handed = 0;
        string? first = null;
        string? previous = null;
        await foreach (var session in read(window, cancellationToken).ConfigureAwait(false))
        {
            var id = idOf(session);
            if (previous is not null && string.CompareOrdinal(id, previous) <= 0)
            {
                throw new InvalidDataException(
                    $"the listing is not sorted by session id ('{id}' after '{previous}'), so it cannot tell which sessions a page skipped; stopped.");
            }

            previous = id;
            first ??= id;
            count++;
            if (count == 1 && window.Start > 0 && Last is not null && string.CompareOrdinal(id, Last) > 0)
            {
                return new WindowResult(count, handed, first, StartsAfterLast: true, Stopped: false);
            }

            Position = window.Start + count - 1;
            if (Last is null || string.CompareOrdinal(id, Last) > 0)
            {
                // Handed on only once taken: a session whose handling failed is handed again when the walk is retried.
                var goOn = await onSession(session, cancellationToken).ConfigureAwait(false);
                Last = id;
                handed++;
                if (!goOn)
                {
                    return new WindowResult(count, handed, first, StartsAfterLast: false, Stopped: true);
                }
            }
        }

        // An empty window past the start holds nothing to show that the listing did not shrink below it.
        return new WindowResult(count, handed, first, StartsAfterLast: count == 0 && window.Start > 0, Stopped: false);
    }
}
