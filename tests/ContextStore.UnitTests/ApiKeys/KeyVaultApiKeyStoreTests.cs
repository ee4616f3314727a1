using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ContextStore.ApiKeys;
using ContextStore.Contract;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ContextStore.UnitTests.ApiKeys;

public class KeyVaultApiKeyStoreTests
{
    private const string Account = "le111";
    private const string OtherAccount = "le222";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<SecretClient> _vault = new();
    // Key Vault's secret names ignore case.
    private readonly Dictionary<string, string> _secrets = new(StringComparer.OrdinalIgnoreCase)
    {
        [KeyVaultSecretNames.ForAccount(Account)] = "key-of-111",
        [KeyVaultSecretNames.ForAccount(OtherAccount)] = "key-of-222",
    };

    private Exception? _outage;

    public KeyVaultApiKeyStoreTests() =>
        _vault.Setup(v => v.GetSecretAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((string name, string? _, CancellationToken _) => _outage is { } outage
                ? Task.FromException<Response<KeyVaultSecret>>(outage)
                : _secrets.TryGetValue(name, out var value)
                    ? Task.FromResult(Response.FromValue(Secret(name, value), Mock.Of<Response>()))
                    : Task.FromException<Response<KeyVaultSecret>>(new RequestFailedException(404, "Secret not found")));

    [Fact]
    public async Task TheAccountsKeyIsAccepted() =>
        Assert.Equal(ApiKeyCheck.Accepted, await CheckAsync(Account, "key-of-111"));

    [Fact]
    public async Task AWrongKeyIsRejected() =>
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync(Account, "key-of-11"));

    [Fact]
    public async Task AnotherAccountsKeyIsRejected()
    {
        Assert.Equal(ApiKeyCheck.Accepted, await CheckAsync(OtherAccount, "key-of-222"));
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync(Account, "key-of-222"));
    }

    [Fact]
    public async Task TheKeyIsReadFromTheAccountsOwnSecret()
    {
        await CheckAsync(Account, "key-of-111");
        _vault.Verify(v => v.GetSecretAsync("context-api-key-le111", null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("LE111")]
    [InlineData("Le111")]
    [InlineData("lE111")]
    public async Task AKeyOfAnotherSpellingOfTheAccountIsAccepted(string spelling) =>
        Assert.Equal(ApiKeyCheck.Accepted, await CheckAsync(spelling, "key-of-111"));

    [Fact]
    public async Task AnotherAccountsKeyIsRejectedUnderEverySpelling()
    {
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync("LE111", "key-of-222"));
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync("Le111", "key-of-222"));
    }

    [Fact]
    public async Task EverySpellingOfAnAccountIsOneRememberedAccountReadOnceUnderOneSecretName()
    {
        var store = Store();
        foreach (var spelling in new[] { "ACCTA", "accta", "AccTa", "aCCtA" })
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(spelling, "guess", CancellationToken.None));
        }

        Assert.Equal(1, store.RememberedAccountCount);
        _vault.Verify(v => v.GetSecretAsync("context-api-key-accta", null, It.IsAny<CancellationToken>()), Times.Once);
        VerifyReads(Times.Once());
    }

    [Fact]
    public async Task WrongKeysUnderEverNewSpellingsOfAnAccountReadTheVaultAtMostOncePerThirtySeconds()
    {
        var store = Store();
        for (var i = 0; i < 64; i++)
        {
            var spelling = new string("le111".Select((c, position) => (i >> position & 1) == 1 ? char.ToUpperInvariant(c) : c).ToArray());
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(spelling, $"guess-{i}", CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.4));
        }

        VerifyReads(Times.Once());
    }

    [Fact]
    public async Task AKeyVerifiedUnderOneSpellingKeepsWorkingUnderAnotherDuringAnOutage()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("le111", "key-of-111", CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(14));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("LE111", "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync("LE111", "guess", CancellationToken.None));
    }

    [Fact]
    public async Task ARegeneratedKeyReplacesTheOldOneUnderEverySpelling()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("LE111", "key-of-111", CancellationToken.None));
        _secrets[KeyVaultSecretNames.ForAccount(Account)] = "new-key-of-111";
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le111", "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("Le111", "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("lE111", "new-key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task AMissingKeyIsRejectedWithoutReadingTheVault()
    {
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync(Account, null));
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync(Account, ""));
        VerifyReads(Times.Never());
    }

    [Fact]
    public async Task ARegeneratedKeyReplacesTheOldOneWithinAMinute()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(1));
        _secrets[KeyVaultSecretNames.ForAccount(Account)] = "new-key-of-111";
        _clock.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "new-key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task TheOldKeyIsRefusedAndTheNewOneAcceptedAtTheLatestWhenTheCacheRunsOut()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _secrets[KeyVaultSecretNames.ForAccount(Account)] = "new-key-of-111";

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "new-key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task TheRightKeyIsAcceptedFromTheCacheWithinThirtySeconds()
    {
        var store = Store();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.9));
        }

        VerifyReads(Times.Once());
    }

    [Fact]
    public async Task AWrongKeyRepeatedAHundredTimesWithinThirtySecondsReadsTheVaultAtMostOnce()
    {
        var store = Store();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, $"guess-{i}", CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.29));
        }

        VerifyReads(Times.AtMostOnce());
    }

    [Fact]
    public async Task WrongKeysReadTheVaultAtMostOncePerThirtySeconds()
    {
        var store = Store();
        for (var i = 0; i < 600; i++)
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, $"guess-{i}", CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.5));
        }

        // 300 seconds of guessing: one read at the start and at most one per 30 seconds after it.
        VerifyReads(Times.AtMost(11));
    }

    [Fact]
    public async Task AMissingSecretRejectsEveryKeyAndIsRememberedForThirtySeconds()
    {
        var store = Store();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le333", $"guess-{i}", CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.5));
        }

        VerifyReads(Times.Once());
    }

    [Fact]
    public async Task ADisabledSecretRejectsItsKey()
    {
        _vault.Setup(v => v.GetSecretAsync(KeyVaultSecretNames.ForAccount(Account), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(Secret(KeyVaultSecretNames.ForAccount(Account), "key-of-111", enabled: false), Mock.Of<Response>()));
        Assert.Equal(ApiKeyCheck.Rejected, await CheckAsync(Account, "key-of-111"));
    }

    [Fact]
    public async Task WhenTheVaultIsDownAKeyVerifiedFourteenMinutesAgoStillWorks()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(14));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task WhenTheVaultIsDownAKeyVerifiedSixteenMinutesAgoIsUnavailable()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(16));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task AcceptingAKeyFromMemoryDuringAnOutageDoesNotExtendItsFifteenMinutes()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _outage = new HttpRequestException("No such host is known.");

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
    }

    public static TheoryData<Exception> Outages() => new()
    {
        new RequestFailedException(0, "Connection refused"),
        new RequestFailedException(500, "Internal Server Error"),
        new RequestFailedException(503, "Service Unavailable"),
        new RequestFailedException(429, "Too Many Requests"),
        new HttpRequestException("No such host is known."),
        new AuthenticationFailedException("ManagedIdentityCredential authentication failed."),
        new TimeoutException(),
        new AggregateException(new RequestFailedException(0, "Name or service not known"), new RequestFailedException(0, "Name or service not known")),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task WhenTheVaultIsDownANeverVerifiedKeyIsUnavailable(Exception outage)
    {
        _outage = outage;
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await CheckAsync(Account, "key-of-111"));
    }

    [Fact]
    public async Task WhenTheVaultIsDownAWrongKeyIsUnavailableNotRejected()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(1));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "guess", CancellationToken.None));
    }

    [Fact]
    public async Task AKeyReplacedInTheVaultIsNotAcceptedFromMemoryDuringALaterOutage()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _secrets[KeyVaultSecretNames.ForAccount(Account)] = "new-key-of-111";
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "new-key-of-111", CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(1));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "new-key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task AnUnreachableVaultIsNotReadAgainForThirtySeconds()
    {
        var store = Store();
        _outage = new HttpRequestException("No such host is known.");
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
            _clock.Advance(TimeSpan.FromSeconds(0.5));
        }

        VerifyReads(Times.Once());
        _outage = null;
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
    }

    [Fact]
    public async Task AReadThatDoesNotAnswerInTimeCountsAsUnreachable()
    {
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _vault.Setup(v => v.GetSecretAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, string? _, CancellationToken _) =>
            {
                called.SetResult();
                return new TaskCompletionSource<Response<KeyVaultSecret>>().Task;
            });

        var check = Store().CheckAsync(Account, "key-of-111", CancellationToken.None).AsTask();
        await called.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(ApiKeyCheck.StoreUnavailable, await check.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ConcurrentChecksOfOneAccountShareOneRead()
    {
        var answer = new TaskCompletionSource<Response<KeyVaultSecret>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _vault.Setup(v => v.GetSecretAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns(answer.Task);
        var store = Store();

        var checks = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => store.CheckAsync(Account, i % 2 == 0 ? "key-of-111" : "guess", CancellationToken.None).AsTask()))
            .ToList();
        await Task.Delay(100);
        answer.SetResult(Response.FromValue(Secret(KeyVaultSecretNames.ForAccount(Account), "key-of-111"), Mock.Of<Response>()));
        var results = await Task.WhenAll(checks).WaitAsync(TimeSpan.FromSeconds(10));

        VerifyReads(Times.Once());
        Assert.Equal(25, results.Count(r => r == ApiKeyCheck.Accepted));
        Assert.Equal(25, results.Count(r => r == ApiKeyCheck.Rejected));
    }

    [Fact]
    public async Task MadeUpAccountIdsReadTheVaultAtMostTheBudgetPerMinuteAndAreUnavailableBeyondIt()
    {
        var store = Store(new KeyVaultOptions { UnknownAccountReadsPerMinute = 5 });

        var firstMinute = await CheckEachAsync(store, Enumerable.Range(0, 100).Select(i => $"made-up-{i}"));
        VerifyReads(Times.Exactly(5));
        _clock.Advance(TimeSpan.FromSeconds(59));
        var stillTheFirstMinute = await CheckEachAsync(store, Enumerable.Range(100, 100).Select(i => $"made-up-{i}"));
        VerifyReads(Times.Exactly(5));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var secondMinute = await CheckEachAsync(store, Enumerable.Range(200, 100).Select(i => $"made-up-{i}"));
        VerifyReads(Times.Exactly(10));

        Assert.Equal((5, 95), (firstMinute.Count(c => c == ApiKeyCheck.Rejected), firstMinute.Count(c => c == ApiKeyCheck.ReadBudgetSpent)));
        Assert.All(stillTheFirstMinute, c => Assert.Equal(ApiKeyCheck.ReadBudgetSpent, c));
        Assert.Equal((5, 95), (secondMinute.Count(c => c == ApiKeyCheck.Rejected), secondMinute.Count(c => c == ApiKeyCheck.ReadBudgetSpent)));
    }

    [Fact]
    public async Task ARequestRefusedForTheBudgetLeavesNothingInMemory()
    {
        var store = Store(new KeyVaultOptions { UnknownAccountReadsPerMinute = 1 });
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("made-up-0", "guess", CancellationToken.None));

        await CheckEachAsync(store, Enumerable.Range(1, 1_000).Select(i => $"made-up-{i}"));

        Assert.Equal(1, store.RememberedAccountCount);
    }

    [Fact]
    public async Task AnAccountWhoseKeyIsKnownIsReadAgainWhileTheBudgetIsSpent()
    {
        var store = Store(new KeyVaultOptions { UnknownAccountReadsPerMinute = 1 });
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.ReadBudgetSpent, await store.CheckAsync("made-up-0", "guess", CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "guess", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.ReadBudgetSpent, await store.CheckAsync("made-up-0", "guess", CancellationToken.None));

        _vault.Verify(v => v.GetSecretAsync(KeyVaultSecretNames.ForAccount(Account), null, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task AKeyAcceptedWithinTheGracePeriodKeepsItsAccountKnownAfterTheSecretIsGone()
    {
        var store = Store(new KeyVaultOptions { UnknownAccountReadsPerMinute = 1 });
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        _secrets.Remove(KeyVaultSecretNames.ForAccount(Account));
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("made-up-0", "guess", CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.ReadBudgetSpent, await store.CheckAsync("made-up-1", "guess", CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentChecksOfOneUnknownAccountTakeOneReadOfTheBudget()
    {
        var answer = new TaskCompletionSource<Response<KeyVaultSecret>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _vault.Setup(v => v.GetSecretAsync("context-api-key-le333", It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns(answer.Task);
        var store = Store(new KeyVaultOptions { UnknownAccountReadsPerMinute = 2 });

        var checks = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => store.CheckAsync(i % 2 == 0 ? "le333" : "LE333", $"guess-{i}", CancellationToken.None).AsTask()))
            .ToList();
        await Task.Delay(100);
        answer.SetException(new RequestFailedException(404, "Secret not found"));
        var results = await Task.WhenAll(checks).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(results, r => Assert.Equal(ApiKeyCheck.Rejected, r));
        VerifyReads(Times.Once());
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("made-up-0", "guess", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.ReadBudgetSpent, await store.CheckAsync("made-up-1", "guess", CancellationToken.None));
    }

    [Fact]
    public async Task ANewAccountsKeyWorksWithinThirtySecondsOfItsSecretBeingWritten()
    {
        var store = Store();
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le333", "key-of-333", CancellationToken.None));
        _secrets[KeyVaultSecretNames.ForAccount("le333")] = "key-of-333";

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le333", "key-of-333", CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("le333", "key-of-333", CancellationToken.None));
    }

    [Fact]
    public async Task ANewAccountThatFindsTheBudgetSpentIsUnavailableNotRejectedAndReadOnceTheBudgetAllows()
    {
        var store = Store(new KeyVaultOptions { UnknownAccountReadsPerMinute = 1 });
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync("le333", "key-of-333", CancellationToken.None));
        _secrets[KeyVaultSecretNames.ForAccount("le333")] = "key-of-333";
        _clock.Advance(TimeSpan.FromSeconds(30));

        // Its "no key" is too old to refuse a key with, and the minute's one read is spent: it cannot be told yet.
        Assert.Equal(ApiKeyCheck.ReadBudgetSpent, await store.CheckAsync("le333", "key-of-333", CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync("le333", "key-of-333", CancellationToken.None));
        VerifyReads(Times.Exactly(2));
    }

    [Fact]
    public async Task AFloodOfMadeUpAccountIdsRemembersNoMoreAccountsThanTheLimit()
    {
        var store = Store(new KeyVaultOptions { MaxRememberedAccounts = 8 });
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync($"made-up-{i}", "guess", CancellationToken.None));
            Assert.InRange(store.RememberedAccountCount, 1, 8);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task AnAccountWhoseKeyWasVerifiedKeepsItsGracePeriodThroughAFloodOfMadeUpAccountIds()
    {
        var store = Store(new KeyVaultOptions { MaxRememberedAccounts = 8 });
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        await FloodAsync(store, 50);

        _clock.Advance(TimeSpan.FromMinutes(1));
        _outage = new RequestFailedException(503, "Service Unavailable");

        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync("made-up-0", "guess", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.StoreUnavailable, await store.CheckAsync("made-up-49", "guess", CancellationToken.None));
    }

    [Fact]
    public async Task AFloodOfMadeUpAccountIdsDoesNotLetWrongKeysOfRealAccountsReadTheVaultAgain()
    {
        var store = Store(new KeyVaultOptions { MaxRememberedAccounts = 8 });
        Assert.Equal(ApiKeyCheck.Accepted, await store.CheckAsync(Account, "key-of-111", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(OtherAccount, "guess", CancellationToken.None));
        await FloodAsync(store, 50);

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(Account, "another-guess", CancellationToken.None));
        Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync(OtherAccount, "another-guess", CancellationToken.None));

        _vault.Verify(v => v.GetSecretAsync(KeyVaultSecretNames.ForAccount(Account), null, It.IsAny<CancellationToken>()), Times.Once);
        _vault.Verify(v => v.GetSecretAsync(KeyVaultSecretNames.ForAccount(OtherAccount), null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void RememberingNoAccountsIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => Store(new KeyVaultOptions { MaxRememberedAccounts = 0 }));

    [Fact]
    public void TrustingACachedSecretLongerThanAMinuteIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => Store(new KeyVaultOptions { SecretCacheDuration = TimeSpan.FromSeconds(61) }));

    [Fact]
    public void AKeyVaultUriInConfigurationSelectsTheKeyVaultStore()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KeyVault:Uri"] = "https://my-vault.vault.azure.net/" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddContextStore(configuration).BuildServiceProvider();

        Assert.IsType<KeyVaultApiKeyStore>(services.GetRequiredService<IApiKeyStore>());
    }

    [Fact]
    public void WithoutAKeyVaultUriTheConfigurationStoreIsUsed()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddContextStore(configuration)
            .BuildServiceProvider();

        Assert.IsType<ConfigurationApiKeyStore>(services.GetRequiredService<IApiKeyStore>());
    }

    private KeyVaultApiKeyStore Store(KeyVaultOptions? options = null) =>
        new(_vault.Object, _clock, Options.Create(options ?? new KeyVaultOptions()), NullLogger<KeyVaultApiKeyStore>.Instance);

    private async Task<ApiKeyCheck> CheckAsync(string accountId, string? key) =>
        await Store().CheckAsync(accountId, key, CancellationToken.None);

    private static async Task<List<ApiKeyCheck>> CheckEachAsync(KeyVaultApiKeyStore store, IEnumerable<string> accounts)
    {
        var checks = new List<ApiKeyCheck>();
        foreach (var account in accounts)
        {
            checks.Add(await store.CheckAsync(account, "guess", CancellationToken.None));
        }

        return checks;
    }

    /// <summary>Checks a key of each of <paramref name="count"/> account ids that have no secret in the vault.</summary>
    private static async Task FloodAsync(KeyVaultApiKeyStore store, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(ApiKeyCheck.Rejected, await store.CheckAsync($"made-up-{i}", "guess", CancellationToken.None));
        }

        Assert.InRange(store.RememberedAccountCount, 1, 8);
    }

    private void VerifyReads(Times times) =>
        _vault.Verify(v => v.GetSecretAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), times);

    private static KeyVaultSecret Secret(string name, string value, bool enabled = true)
    {
        var properties = SecretModelFactory.SecretProperties(
            id: new Uri($"https://my-vault.vault.azure.net/secrets/{name}/{Guid.NewGuid():N}"), name: name);
        properties.Enabled = enabled;
        return SecretModelFactory.KeyVaultSecret(properties, value);
    }
}
