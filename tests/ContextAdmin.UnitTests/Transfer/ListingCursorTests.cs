using System.Runtime.CompilerServices;
using ContextAdmin.Transfer;

namespace ContextAdmin.UnitTests.Transfer;

public class ListingCursorTests
{
    [Fact]
    public async Task EverySessionIsHandedOnceInOrder()
    {
        var listing = new SortedListing(Ids(0, 1000));

        var handed = await WalkAsync(listing, maxPerPage: 100);

        Assert.Equal(Ids(0, 1000), handed);
    }

    [Fact]
    public async Task SessionsRemovedBeforeTheCurrentPageMakeNoLaterSessionSkipped()
    {
        // 300 sessions sorting first expire while the walk is at its fourth page: positions shift by 300.
        var listing = new SortedListing([.. Ids(0, 300, "a"), .. Ids(0, 1000, "p")]);
        listing.BeforeRead = reads =>
        {
            if (reads == 4)
            {
                listing.RemoveWhere(id => id.StartsWith('a'));
            }
        };

        var handed = await WalkAsync(listing, maxPerPage: 100);

        Assert.Equal(Ids(0, 1000, "p"), handed.Where(id => id.StartsWith('p')));
    }

    [Fact]
    public async Task SessionsRemovedBetweenEveryTwoPagesMakeNoLaterSessionSkipped()
    {
        var listing = new SortedListing(Ids(0, 2000));
        var removable = new Queue<string>(Ids(0, 2000).Where((_, i) => i % 3 == 0));
        string? lastHanded = null;
        listing.BeforeRead = _ =>
        {
            // Remove sessions already handed on: those later stay listed throughout, and must all arrive.
            for (var i = 0; i < 40 && removable.Count > 0 && string.CompareOrdinal(removable.Peek(), lastHanded) <= 0; i++)
            {
                var removed = removable.Dequeue();
                listing.RemoveWhere(id => id == removed);
            }
        };

        var handed = new List<string>();
        await new ListingCursor(null, 0, 100).WalkAsync(
            listing.ReadAsync, id => id,
            (id, _) =>
            {
                handed.Add(id);
                lastHanded = id;
                return ValueTask.FromResult(true);
            },
            isEnd: null, onWindowDone: null, CancellationToken.None);

        Assert.Equal(Ids(0, 2000), handed);
    }

    [Fact]
    public async Task AShortPageIsTheEndOnlyWhenTheEndCheckAgrees()
    {
        var listing = new SortedListing(Ids(0, 500));
        // The second page leaves out its last session, as L2 leaves out one deleted while its page streams.
        listing.Leave = (reads, ids) => reads == 2 ? ids.Take(ids.Count - 1).ToList() : ids;

        var handed = await WalkAsync(listing, maxPerPage: 100, isEnd: (cursor, _) => ValueTask.FromResult(listing.IdsAfter(cursor.Last) == 0));

        Assert.Equal(Ids(0, 500), handed);
    }

    [Fact]
    public async Task AWalkResumedAfterASessionContinuesAfterItEvenWhenThePositionsShifted()
    {
        var listing = new SortedListing(Ids(0, 1000));
        listing.RemoveWhere(id => string.CompareOrdinal(id, "s-0100") < 0);

        var handed = new List<string>();
        await new ListingCursor("s-0499", 499, 100).WalkAsync(
            listing.ReadAsync, id => id, (id, _) =>
            {
                handed.Add(id);
                return ValueTask.FromResult(true);
            },
            isEnd: null, onWindowDone: null, CancellationToken.None);

        Assert.Equal(Ids(500, 1000), handed);
    }

    [Fact]
    public async Task AListingNotSortedByIdStopsTheWalk()
    {
        var listing = new SortedListing(Ids(0, 10));
        listing.Leave = (_, ids) => [.. ids.AsEnumerable().Reverse()];

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => WalkAsync(listing, maxPerPage: 100));

        Assert.Contains("not sorted by session id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AListingThatAnswersEveryPageWithTheFirstStopsAsNotAdvancing()
    {
        var listing = new SortedListing(Ids(0, 100));
        listing.Leave = (_, _) => Ids(0, 100).Take(50).ToList();

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => WalkAsync(listing, maxPerPage: 50, isEnd: (_, _) => ValueTask.FromResult(false)));

        Assert.Contains("does not advance", e.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> WalkAsync(
        SortedListing listing, int maxPerPage, Func<ListingCursor, CancellationToken, ValueTask<bool>>? isEnd = null)
    {
        var handed = new List<string>();
        var cursor = new ListingCursor(null, 0, maxPerPage);
        await cursor.WalkAsync(
            listing.ReadAsync, id => id,
            (id, _) =>
            {
                handed.Add(id);
                return ValueTask.FromResult(true);
            },
            isEnd is null ? null : token => isEnd(cursor, token),
            onWindowDone: null,
            CancellationToken.None);
        return handed;
    }

    private static List<string> Ids(int from, int to, string prefix = "s") =>
        Enumerable.Range(from, to - from).Select(i => $"{prefix}-{i:D4}").ToList();

    /// <summary>A listing paged by position over a sorted set of ids that a test changes between reads.</summary>
    private sealed class SortedListing(IEnumerable<string> ids)
    {
        private readonly SortedSet<string> _ids = new(ids, StringComparer.Ordinal);
        private int _reads;

        public Action<int>? BeforeRead { get; set; }

        public Func<int, List<string>, List<string>> Leave { get; set; } = (_, ids) => ids;

        public void RemoveWhere(Predicate<string> match) => _ids.RemoveWhere(match);

        public int IdsAfter(string? last) => _ids.Count(id => last is null || string.CompareOrdinal(id, last) > 0);

#pragma warning disable CS1998 // An iterator over what is in memory.
        public async IAsyncEnumerable<string> ReadAsync(ListingWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
#pragma warning restore CS1998
        {
            BeforeRead?.Invoke(++_reads);
            foreach (var id in Leave(_reads, _ids.Skip((int)window.Start).Take(window.PerPage).ToList()))
            {
                yield return id;
            }
        }
    }
}
