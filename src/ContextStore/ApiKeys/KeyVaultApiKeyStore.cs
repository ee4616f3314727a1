using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextStore.ApiKeys;

/// <summary>
/// Azure: the key of account A is the newest version of the Key Vault secret <c>context-api-key-A</c>.
/// <list type="bullet">
/// <item>A value read from the vault accepts keys for <see cref="KeyVaultOptions.SecretCacheDuration"/> (≤ 60 s),
/// so a regenerated key stops working within that time.</item>
/// <item>A key that does not match a value read less than <see cref="KeyVaultOptions.MinimumReadInterval"/> ago is
/// refused without reading again, so wrong keys cannot make more than one read per account per interval. A missing
/// secret is remembered the same way.</item>
/// <item>Concurrent checks of one account share one read.</item>
/// <item>While the vault cannot be reached, a key accepted within <see cref="KeyVaultOptions.VerifiedKeyGracePeriod"/>
/// keeps working; only its SHA-256 hash is kept. Other keys get <see cref="ApiKeyCheck.StoreUnavailable"/>.</item>
/// <item>Account ids ignore case, as Key Vault's secret names do: every spelling of an account is one entry, read
/// under one secret name, so spellings share one cache, one limit on wrong keys and one set of verified keys.</item>
/// <item>At most about <see cref="KeyVaultOptions.MaxRememberedAccounts"/> accounts are remembered, so made-up account
/// ids cannot grow memory without bound. Reaching it forgets, down to half of it, first idle accounts, then accounts
/// without an active key; never one with a read in flight or a key accepted within the grace period. Forgetting an
/// account only costs a vault read later: a forgotten entry is marked under its lock, no new check answers from it,
/// and nothing is added to it.</item>
/// </list>
/// Keys and secret values are never logged.
/// </summary>
public sealed class KeyVaultApiKeyStore : IApiKeyStore
{
    public const string SecretNamePrefix = "context-api-key-";

    /// <summary>Key Vault secret names: 1-127 letters, digits and dashes.</summary>
    private const int MaxSecretNameLength = 127;

    private readonly SecretClient _client;
    private readonly TimeProvider _clock;
    private readonly KeyVaultOptions _options;
    private readonly ILogger<KeyVaultApiKeyStore> _logger;
    private readonly ConcurrentDictionary<string, AccountKeys> _accounts = new(StringComparer.Ordinal);

    /// <summary>
    /// Held while forgetting accounts. Checks that add an account wait for a running prune (rare, a single pass), so
    /// their entries do not count as ones the prune could not forget; checks of remembered accounts never take it.
    /// </summary>
    private readonly Lock _pruneGate = new();

    /// <summary>Entries in <see cref="_accounts"/>: counted here because <c>ConcurrentDictionary.Count</c> takes every lock.</summary>
    private int _rememberedCount;

    /// <summary>
    /// Adding an account that makes <see cref="_rememberedCount"/> reach this prunes first. Normally the cap; doubled
    /// when a prune could not reach its target, so pruning stays amortized O(1) per added account.
    /// </summary>
    private int _pruneAt;

    public KeyVaultApiKeyStore(SecretClient client, TimeProvider clock, IOptions<KeyVaultOptions> options, ILogger<KeyVaultApiKeyStore> logger)
    {
        _client = client;
        _clock = clock;
        _options = options.Value;
        _logger = logger;

        if (_options.SecretCacheDuration <= TimeSpan.Zero || _options.SecretCacheDuration > KeyVaultOptions.MaxSecretCacheDuration)
        {
            throw new InvalidOperationException(
                $"KeyVault:SecretCacheDuration must be more than 0 and at most {KeyVaultOptions.MaxSecretCacheDuration}: a regenerated key must stop working within 60 seconds.");
        }

        if (_options.MinimumReadInterval < TimeSpan.Zero || _options.VerifiedKeyGracePeriod < TimeSpan.Zero || _options.ReadTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("KeyVault:MinimumReadInterval, VerifiedKeyGracePeriod and ReadTimeout must not be negative (ReadTimeout more than 0).");
        }

        if (_options.MaxRememberedAccounts <= 0)
        {
            throw new InvalidOperationException("KeyVault:MaxRememberedAccounts must be more than 0; set it above your number of accounts.");
        }

        _pruneAt = _options.MaxRememberedAccounts;
    }

    /// <summary>How many accounts' key state is in memory now.</summary>
    internal int RememberedAccountCount => _accounts.Count;

    /// <summary>The secret that holds the key of an account, whatever the spelling of its id.</summary>
    public static string SecretName(string accountId) => SecretNamePrefix + Canonical(accountId);

    public async ValueTask<ApiKeyCheck> CheckAsync(string accountId, string? presentedKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presentedKey) || !IsValidSecretName(accountId))
        {
            return ApiKeyCheck.Rejected;
        }

        accountId = Canonical(accountId);
        AccountKeys account;
        Task<ReadResult> reading;
        while (true)
        {
            account = Remember(accountId);
            lock (account.Gate)
            {
                // Pruned between the look-up and this lock: its state may be stale, so look the account up again.
                if (account.Forgotten)
                {
                    continue;
                }

                var now = _clock.GetUtcNow();
                if (account.Known is { } known)
                {
                    var matches = ApiKeyComparison.AreEqual(presentedKey, known.Value);
                    var age = now - known.ReadAt;
                    if (matches && age < _options.SecretCacheDuration)
                    {
                        account.RememberVerified(presentedKey, now, _options.VerifiedKeyGracePeriod);
                        return ApiKeyCheck.Accepted;
                    }

                    if (!matches && age < _options.MinimumReadInterval)
                    {
                        return ApiKeyCheck.Rejected;
                    }
                }

                // The vault just failed: do not hammer it, answer from the keys verified before.
                if (account.LastFailureAt is { } failedAt && now - failedAt < _options.MinimumReadInterval)
                {
                    return account.Fallback(presentedKey, now, _options.VerifiedKeyGracePeriod);
                }

                reading = account.Reading ??= ReadAsync(accountId, account);
                break;
            }
        }

        var result = await reading.WaitAsync(cancellationToken).ConfigureAwait(false);

        // The entry may have been forgotten since the read ended (no read is in flight any more). The result is still
        // the vault's answer. A forgotten entry stays as it was when forgotten, with no key verified within the grace
        // period, so its fallback accepts nothing and it cannot miss a later read's ForgetVerifiedExcept.
        lock (account.Gate)
        {
            var now = _clock.GetUtcNow();
            if (!result.Reached)
            {
                return account.Fallback(presentedKey, now, _options.VerifiedKeyGracePeriod);
            }

            if (!ApiKeyComparison.AreEqual(presentedKey, result.Value))
            {
                return ApiKeyCheck.Rejected;
            }

            if (!account.Forgotten)
            {
                account.RememberVerified(presentedKey, now, _options.VerifiedKeyGracePeriod);
            }

            return ApiKeyCheck.Accepted;
        }
    }

    /// <summary>The entry of an account, added when new; adding one that reaches the cap prunes first.</summary>
    private AccountKeys Remember(string accountId)
    {
        if (_accounts.TryGetValue(accountId, out var remembered))
        {
            return remembered;
        }

        if (Volatile.Read(ref _rememberedCount) + 1 >= Volatile.Read(ref _pruneAt))
        {
            Prune();
        }

        var added = new AccountKeys();
        var account = _accounts.GetOrAdd(accountId, added);
        if (ReferenceEquals(account, added))
        {
            Interlocked.Increment(ref _rememberedCount);
        }

        return account;
    }

    /// <summary>
    /// Forgets accounts down to half the cap in one pass: first idle ones, then ones without an active key (what
    /// made-up ids leave). Never one with a read in flight or a key verified within the grace period. Each entry is
    /// judged and marked <see cref="AccountKeys.Forgotten"/> under its lock, so a check that still holds it looks
    /// the account up again instead of answering from it.
    /// </summary>
    private void Prune()
    {
        lock (_pruneGate)
        {
            var cap = _options.MaxRememberedAccounts;
            if (Volatile.Read(ref _rememberedCount) + 1 < _pruneAt)
            {
                return; // pruned by another thread since the check
            }

            var target = cap / 2;
            var before = _accounts.Count;
            var now = _clock.GetUtcNow();
            var withoutKey = new List<KeyValuePair<string, AccountKeys>>();
            foreach (var entry in _accounts)
            {
                if (Volatile.Read(ref _rememberedCount) <= target)
                {
                    break;
                }

                var account = entry.Value;
                lock (account.Gate)
                {
                    if (account.IsIdle(now, _options.MinimumReadInterval, _options.VerifiedKeyGracePeriod))
                    {
                        Forget(entry);
                    }
                    else if (account.HasNoActiveKey(now, _options.VerifiedKeyGracePeriod))
                    {
                        withoutKey.Add(entry);
                    }
                }
            }

            foreach (var entry in withoutKey)
            {
                if (Volatile.Read(ref _rememberedCount) <= target)
                {
                    break;
                }

                var account = entry.Value;
                lock (account.Gate)
                {
                    // Judged again: a read may have started since the first pass.
                    if (!account.Forgotten && account.HasNoActiveKey(now, _options.VerifiedKeyGracePeriod))
                    {
                        Forget(entry);
                    }
                }
            }

            var after = _accounts.Count;
            Volatile.Write(ref _pruneAt, after <= target ? cap : (int)Math.Min(int.MaxValue, Math.Max(cap, 2L * after)));
            _logger.LogInformation(
                "Forgot the API key state of idle accounts and accounts without a key: {Before} remembered before, {After} after (KeyVault:MaxRememberedAccounts {Cap})",
                before, after, cap);
        }
    }

    /// <summary>Called under the entry's lock: marks it, so a check holding it looks again, and removes it.</summary>
    private void Forget(KeyValuePair<string, AccountKeys> entry)
    {
        entry.Value.Forgotten = true;
        if (_accounts.TryRemove(entry))
        {
            Interlocked.Decrement(ref _rememberedCount);
        }
    }

    /// <summary>One read of the account's secret, shared by every check that waits for it; never throws.</summary>
    private async Task<ReadResult> ReadAsync(string accountId, AccountKeys account)
    {
        // Called under the account's lock: leave it before the read, so the lock is never held across I/O.
        await Task.Yield();

        ReadResult result;
        try
        {
            using var timeout = new CancellationTokenSource(_options.ReadTimeout, _clock);
            var response = await _client.GetSecretAsync(SecretName(accountId), version: null, timeout.Token)
                .WaitAsync(timeout.Token).ConfigureAwait(false);
            result = ReadResult.Found(ActiveValue(response.Value));
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            _logger.LogInformation("Account {AccountId} has no API key secret in Key Vault", accountId);
            result = ReadResult.Found(null);
        }
        catch (RequestFailedException e) when (IsDisabledSecret(e))
        {
            _logger.LogInformation("The API key secret of account {AccountId} is disabled", accountId);
            result = ReadResult.Found(null);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            _logger.LogWarning("Key Vault could not be reached for the API key of account {AccountId}: {Failure}", accountId, Describe(e));
            result = ReadResult.Unreachable;
        }
        catch (Exception e)
        {
            // 401/403 (the identity may not read the secret) or anything unforeseen: no key can be verified now.
            _logger.LogError(e, "Reading the API key of account {AccountId} from Key Vault failed", accountId);
            result = ReadResult.Unreachable;
        }

        lock (account.Gate)
        {
            account.Reading = null;
            var now = _clock.GetUtcNow();
            if (result.Reached)
            {
                account.Known = new KnownSecret(result.Value, now);
                account.LastFailureAt = null;
                account.ForgetVerifiedExcept(result.Value);
            }
            else
            {
                account.LastFailureAt = now;
            }
        }

        return result;
    }

    /// <summary>The value that accepts keys, or null when the newest version is disabled or expired.</summary>
    private string? ActiveValue(KeyVaultSecret secret)
    {
        var properties = secret.Properties;
        if (properties.Enabled == false || properties.ExpiresOn <= _clock.GetUtcNow() || properties.NotBefore > _clock.GetUtcNow())
        {
            return null;
        }

        return string.IsNullOrEmpty(secret.Value) ? null : secret.Value;
    }

    /// <summary>One spelling per account: ids are ASCII letters, digits and dashes, so lower case is unambiguous.</summary>
    private static string Canonical(string accountId) => accountId.ToLowerInvariant();

    private static bool IsValidSecretName(string accountId) =>
        !string.IsNullOrEmpty(accountId)
        && SecretNamePrefix.Length + accountId.Length <= MaxSecretNameLength
        && accountId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsDisabledSecret(RequestFailedException e) =>
        e.Status == (int)HttpStatusCode.Forbidden
        && (string.Equals(e.ErrorCode, "SecretDisabled", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("disabled secret", StringComparison.OrdinalIgnoreCase));

    private static bool IsUnreachable(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status is 0 or (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500,
        HttpRequestException or TimeoutException or OperationCanceledException => true,
        AuthenticationFailedException or CredentialUnavailableException => true,
        // The Azure SDK reports a request that failed every retry as an AggregateException of the attempts.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnreachable),
        _ => false,
    };

    private static string Describe(Exception e) => e switch
    {
        RequestFailedException failed => $"status {failed.Status} {failed.ErrorCode}",
        OperationCanceledException => "timed out",
        AggregateException aggregate => $"{aggregate.InnerExceptions.Count} attempts, the last: {Describe(aggregate.InnerExceptions[^1])}",
        _ => e.GetType().Name,
    };

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed record KnownSecret(string? Value, DateTimeOffset ReadAt);

    private readonly record struct ReadResult(bool Reached, string? Value)
    {
        public static ReadResult Unreachable => new(false, null);

        public static ReadResult Found(string? value) => new(true, value);
    }

    /// <summary>What this process knows about one account's key; every member is guarded by <see cref="Gate"/>.</summary>
    private sealed class AccountKeys
    {
        /// <summary>SHA-256 (hex) of keys accepted from a vault read → when last accepted. Never the plaintext.</summary>
        private readonly Dictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);

        public Lock Gate { get; } = new();

        /// <summary>The last successful read; its value is null when the account has no active key.</summary>
        public KnownSecret? Known { get; set; }

        public DateTimeOffset? LastFailureAt { get; set; }

        public Task<ReadResult>? Reading { get; set; }

        /// <summary>Removed from the store: a new check that reaches it looks the account up anew, and nothing is added to it.</summary>
        public bool Forgotten { get; set; }

        /// <summary>Just added: the check that added it is about to read; forgetting it would only make that check look again.</summary>
        private bool IsNew => Reading is null && Known is null && LastFailureAt is null;

        /// <summary>Forgetting it loses nothing but a vault read: no read in flight, nothing recently verified or read.</summary>
        public bool IsIdle(DateTimeOffset now, TimeSpan minimumReadInterval, TimeSpan gracePeriod) =>
            !IsNew
            && Reading is null
            && !HasVerifiedWithin(now, gracePeriod)
            && (Known is null || now - Known.ReadAt >= minimumReadInterval)
            && (LastFailureAt is not { } failedAt || now - failedAt >= minimumReadInterval);

        /// <summary>
        /// The account has no active key as far as known (the last read found none, or no read has reached the vault),
        /// no read is in flight and nothing was verified within the grace period: what a made-up account id leaves.
        /// </summary>
        public bool HasNoActiveKey(DateTimeOffset now, TimeSpan gracePeriod) =>
            !IsNew && Reading is null && Known?.Value is null && !HasVerifiedWithin(now, gracePeriod);

        private bool HasVerifiedWithin(DateTimeOffset now, TimeSpan gracePeriod)
        {
            foreach (var verifiedAt in _verified.Values)
            {
                if (now - verifiedAt < gracePeriod)
                {
                    return true;
                }
            }

            return false;
        }

        public void RememberVerified(string key, DateTimeOffset now, TimeSpan gracePeriod)
        {
            foreach (var (hash, verifiedAt) in _verified)
            {
                if (now - verifiedAt >= gracePeriod)
                {
                    _verified.Remove(hash);
                }
            }

            _verified[Hash(key)] = now;
        }

        /// <summary>The vault answered: a key other than its value must never be accepted from memory again.</summary>
        public void ForgetVerifiedExcept(string? value)
        {
            var keep = value is null ? null : Hash(value);
            foreach (var hash in _verified.Keys)
            {
                if (!string.Equals(hash, keep, StringComparison.Ordinal))
                {
                    _verified.Remove(hash);
                }
            }
        }

        /// <summary>The vault cannot be reached: accept only a key verified within the grace period (which this does not extend).</summary>
        public ApiKeyCheck Fallback(string key, DateTimeOffset now, TimeSpan gracePeriod) =>
            _verified.TryGetValue(Hash(key), out var verifiedAt) && now - verifiedAt < gracePeriod
                ? ApiKeyCheck.Accepted
                : ApiKeyCheck.StoreUnavailable;
    }
}
