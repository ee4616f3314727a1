using System.Net;

namespace ContextServer.EndToEndTests;

/// <summary>The shared server of an end-to-end class keeps its tests apart by their accounts.</summary>
public sealed class ContextServerForClassTests : IAsyncLifetime
{
    private readonly ContextServerForClass _contextServer = new();

    public Task InitializeAsync() => _contextServer.InitializeAsync();

    public Task DisposeAsync() => _contextServer.DisposeAsync();

    [Fact]
    public async Task TheTestsOfAClassShareOneServerEachWithAccountsOfItsOwn()
    {
        var first = await _contextServer.HostForOneTestAsync();
        var second = await _contextServer.HostForOneTestAsync();

        Assert.Same(first.Client, second.Client);
        Assert.Equal(4, new[] { first.AccountA, first.AccountB, second.AccountA, second.AccountB }.Distinct().Count());
        using (var written = await first.SendAsync(HttpMethod.Patch, $"/v1/account/{first.AccountA}/bots/s1/properties", """{"a":1}"""))
        {
            Assert.Equal(HttpStatusCode.NoContent, written.StatusCode);
        }

        using var listed = await second.SendAsync(HttpMethod.Get, $"/v1/account/{second.AccountA}/bots/session-ids");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASharedServersClockIsRefusedBecauseMovingItWouldMoveItForEveryTestOfTheClass()
    {
        var host = await _contextServer.HostForOneTestAsync();

        Assert.Throws<NotSupportedException>(() => host.Clock);
    }

    [Fact]
    public void MoreTestsThanAccountsIsAFailureNotASharedAccount() =>
        Assert.Throws<InvalidOperationException>(() => AccountPools.ForTest(AccountPools.AccountsPerPool));
}
