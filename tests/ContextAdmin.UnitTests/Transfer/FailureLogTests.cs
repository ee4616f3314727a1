using ContextAdmin.Transfer;

namespace ContextAdmin.UnitTests.Transfer;

public sealed class FailureLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("context-failures-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FailuresAreWrittenAsTheyHappenAndReadBackForARetry()
    {
        var path = Path.Combine(_directory, "failures.jsonl");
        using (var log = new FailureLog(path, append: false))
        {
            log.Add(new TransferFailure("orders", "s/1", "413 document too large"));
            log.Add(new TransferFailure("bots", null, "the listing is not sorted"));
            Assert.Equal(2, File.ReadAllLines(path).Length);
        }

        var read = FailureLog.Read(path).ToList();

        Assert.Equal([new TransferFailure("orders", "s/1", "413 document too large"), new TransferFailure("bots", null, "the listing is not sorted")], read);
        var retry = new RetrySelection(read);
        Assert.True(retry.Includes("orders", "s/1"));
        Assert.True(retry.Includes("bots", "any"));
        Assert.False(retry.Includes("orders", "s2"));
    }

    [Fact]
    public void AResumedRunAddsToTheFileAndAFreshRunStartsItAnew()
    {
        var path = Path.Combine(_directory, "failures.jsonl");
        using (var first = new FailureLog(path, append: false))
        {
            first.Add(new TransferFailure("orders", "a", "400"));
        }

        using (var resumed = new FailureLog(path, append: true))
        {
            resumed.Add(new TransferFailure("orders", "b", "400"));
            Assert.Equal(["a", "b"], resumed.All().Select(f => f.SessionId));
        }

        using var fresh = new FailureLog(path, append: false);
        Assert.False(File.Exists(path));
        Assert.Empty(fresh.All());
    }
}
