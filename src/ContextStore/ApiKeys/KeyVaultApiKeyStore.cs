using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;
using ContextStore.Contract;
using ContextStore.Telemetry;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;

namespace ContextStore.ApiKeys;

/// <summary>
/// Azure: the key of account A is the newest version of the Key Vault secret <c>context-api-key-A</c>. What was read is
/// kept in FusionCache (stampede protection: concurrent checks of one account share one read; a size-limited memory
/// cache: at most <see cref="KeyVaultOptions.MaxRememberedAccounts"/> entries, accounts without a key forgotten first).
/// The rules' times are <see cref="TimeProvider"/> time stamps in the entries:
/// <list type="bullet">
/// <item>A read value accepts its key for <see cref="KeyVaultOptions.SecretCacheDuration"/> (≤ 60 s).</item>
/// <item>Another key is refused without reading again for <see cref="KeyVaultOptions.MinimumReadInterval"/>; a missing
/// secret too, and a failed read is not retried sooner either.</item>
/// <item>While the vault cannot be reached, a key accepted within <see cref="KeyVaultOptions.VerifiedKeyGracePeriod"/>
/// keeps working if it is still the last value read; only SHA-256 hashes are kept. Other keys get
/// <see cref="ApiKeyCheck.StoreUnavailable"/>.</item>
/// <item>Account ids ignore case, as Key Vault's secret names do: every spelling is one entry and one secret.</item>
/// <item>A read for an account whose key is not known (no value with a key read, no key accepted within the grace period)
/// takes one of <see cref="KeyVaultOptions.UnknownAccountReadsPerMinute"/>; when none is left the check answers
/// <see cref="ApiKeyCheck.ReadBudgetSpent"/> without reading and remembers nothing, so the next check may read.</item>
/// </list>
/// Keys and secret values are never logged.
/// </summary>
public sealed class KeyVaultApiKeyStore : IApiKeyStore, IDisposable
{
    private readonly SecretClient _client;
    private readonly TimeProvider _clock;
    private readonly KeyVaultOptions _options;
    private readonly ILogger<KeyVaultApiKeyStore> _logger;
    private readonly MemoryCache _memory;
    private readonly FusionCache _cache;
    private readonly FusionCacheEntryOptions _entries;
    private readonly FusionCacheEntryOptions _staleToo;
    private readonly UnknownAccountReadBudget _unknownAccountReads;
    private long _budgetSpentLoggedAt;
    private readonly ContextMetrics? _metrics;

    public KeyVaultApiKeyStore(
        SecretClient client, TimeProvider clock, IOptions<KeyVaultOptions> options, ILogger<KeyVaultApiKeyStore> logger,
        ContextMetrics? metrics = null)
    {
        (_client, _clock, _options, _logger, _metrics) = (client, clock, options.Value, logger, metrics);
        // Checked at start too (ValidateOnStart); here for a store made without the host.
        if (new DataAnnotationValidateOptions<KeyVaultOptions>(null).Validate(null, _options) is { Failed: true } invalid)
        {
            throw new InvalidOperationException(invalid.FailureMessage);
        }

        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.MaxRememberedAccounts, CompactionPercentage = 0.5 });
        // Kept as long as any rule may need them; in memory only, so Expire keeps the old value for the next read.
        var lifetime = _options.VerifiedKeyGracePeriod + _options.MinimumReadInterval + _options.SecretCacheDuration;
        _entries = new FusionCacheEntryOptions(lifetime) { Size = 1, IsFailSafeEnabled = true, FailSafeMaxDuration = lifetime };
        _staleToo = _entries.Duplicate();
        _staleToo.AllowStaleOnReadOnly = true;
        _cache = new FusionCache(new FusionCacheOptions { DefaultEntryOptions = _entries, DisableTagging = true }, _memory);
        _unknownAccountReads = new UnknownAccountReadBudget(_options.UnknownAccountReadsPerMinute, clock);
    }

    /// <summary>How many entries (accounts' read values and verified keys) are in memory now.</summary>
    internal int RememberedAccountCount => _memory.Count;

    public async ValueTask<ApiKeyCheck> CheckAsync(string accountId, string? presentedKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presentedKey) || !KeyVaultSecretNames.CanName(accountId))
        {
            return ApiKeyCheck.Rejected;
        }

        var account = Canonical(accountId);
        var key = Hash(presentedKey);
        // Stale entries too: a check that saw an entry another check marked stale still reads (or shares its read).
        var seen = await _cache.TryGetAsync<VaultRead>(account, _staleToo, cancellationToken).ConfigureAwait(false);
        var read = seen.HasValue ? seen.Value : null;
        if (Answer(read, key, _clock.GetUtcNow()) is not { } answer)
        {
            // Before the cache's lock of the account, which would keep a semaphore per made-up id for minutes.
            if (!_unknownAccountReads.HasReadLeft() && !await IsKnownAsync(account, read).ConfigureAwait(false))
            {
                LogBudgetSpent();
                return ApiKeyCheck.ReadBudgetSpent;
            }

            // Stale: mark it so and read again, one read for all checks that saw the same stale entry.
            await _cache.ExpireAsync(account, token: cancellationToken).ConfigureAwait(false);
            read = await _cache.GetOrSetAsync<VaultRead>(
                account, (context, _) => ReadAsync(account, read, context), token: cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(read, VaultRead.NotRead))
            {
                return ApiKeyCheck.ReadBudgetSpent;
            }

            answer = Answer(read, key, _clock.GetUtcNow()) ?? Fallback(read, key);
        }

        return answer switch
        {
            ApiKeyCheck.Accepted => await VerifiedAsync(account, read!, cancellationToken).ConfigureAwait(false),
            ApiKeyCheck.StoreUnavailable => await FallbackAsync(account, read, key, cancellationToken).ConfigureAwait(false),
            _ => answer,
        };
    }

    /// <summary>What the last read says now, or null when it is too old to say anything (a read is due).</summary>
    private ApiKeyCheck? Answer(VaultRead? read, string key, DateTimeOffset now)
    {
        if (read?.KeyHash is { } known && now - read.ReadAt is var age)
        {
            var matches = CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(key.AsSpan()), MemoryMarshal.AsBytes(known.AsSpan()));
            if (matches ? age < _options.SecretCacheDuration : age < _options.MinimumReadInterval)
            {
                return matches ? ApiKeyCheck.Accepted : ApiKeyCheck.Rejected;
            }
        }
        else if (read is { FailedAt: null } && now - read.ReadAt < _options.MinimumReadInterval)
        {
            return ApiKeyCheck.Rejected; // no active key
        }

        return read?.FailedAt is { } failedAt && now - failedAt < _options.MinimumReadInterval ? ApiKeyCheck.StoreUnavailable : null;
    }

    /// <summary>Just read: a failed read (or one that outlived the intervals) answers from the verified keys.</summary>
    private static ApiKeyCheck Fallback(VaultRead? read, string key) =>
        read is { FailedAt: null } ? (read.KeyHash == key ? ApiKeyCheck.Accepted : ApiKeyCheck.Rejected) : ApiKeyCheck.StoreUnavailable;

    /// <summary>The vault is out of reach: only a key verified within the grace period that is still the last value read.</summary>
    private async ValueTask<ApiKeyCheck> FallbackAsync(string account, VaultRead? read, string key, CancellationToken cancellationToken)
    {
        var verified = await _cache.TryGetAsync<VerifiedKey>(VerifiedKey.CacheKey(account), token: cancellationToken).ConfigureAwait(false);
        if (verified.HasValue && verified.Value.KeyHash == key && read?.KeyHash == key
            && _clock.GetUtcNow() - verified.Value.At < _options.VerifiedKeyGracePeriod)
        {
            _metrics?.KeyVaultGraceAnswer();
            return ApiKeyCheck.Accepted;
        }

        return ApiKeyCheck.StoreUnavailable;
    }

    /// <summary>Records the accepted key's hash, once per read that accepted it (accepting it from memory in an outage does not).</summary>
    private async ValueTask<ApiKeyCheck> VerifiedAsync(string account, VaultRead read, CancellationToken cancellationToken)
    {
        var cacheKey = VerifiedKey.CacheKey(account);
        var verified = await _cache.TryGetAsync<VerifiedKey>(cacheKey, token: cancellationToken).ConfigureAwait(false);
        if (!verified.HasValue || verified.Value.KeyHash != read.KeyHash || verified.Value.At < read.ReadAt)
        {
            var highPriority = _entries.Duplicate();
            highPriority.Priority = CacheItemPriority.High;
            await _cache.SetAsync(cacheKey, new VerifiedKey(read.KeyHash!, _clock.GetUtcNow()), highPriority, token: cancellationToken).ConfigureAwait(false);
        }

        return ApiKeyCheck.Accepted;
    }

    /// <summary>One read of the account's secret, under FusionCache's lock of the account; never throws.</summary>
    private async Task<VaultRead> ReadAsync(string account, VaultRead? seen, FusionCacheFactoryExecutionContext<VaultRead> context)
    {
        if (context.HasStaleValue && !ReferenceEquals(context.StaleValue.Value, seen))
        {
            return context.StaleValue.Value; // another check read it since this one looked: no second read
        }

        if (!await IsKnownAsync(account, context.HasStaleValue ? context.StaleValue.Value : seen).ConfigureAwait(false)
            && !_unknownAccountReads.TryTake())
        {
            // Nothing to remember: the checks waiting on this account's read each try the budget themselves.
            context.Options.SkipMemoryCacheWrite = true;
            LogBudgetSpent();
            return VaultRead.NotRead;
        }

        var now = _clock.GetUtcNow();
        try
        {
            using var timeout = new CancellationTokenSource(_options.ReadTimeout, _clock);
            _metrics?.KeyVaultRead();
            var response = await _client.GetSecretAsync(KeyVaultSecretNames.ForAccount(account), version: null, timeout.Token)
                .WaitAsync(timeout.Token).ConfigureAwait(false);
            return Found(context, ActiveValue(response.Value), now);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            _logger.LogInformation("Account {AccountId} has no API key secret in Key Vault", account);
            return Found(context, null, now);
        }
        catch (RequestFailedException e) when (KeyVaultFailures.IsDisabledSecret(e))
        {
            _logger.LogInformation("The API key secret of account {AccountId} is disabled", account);
            return Found(context, null, now);
        }
        catch (Exception e) when (KeyVaultFailures.IsUnreachable(e))
        {
            _metrics?.KeyVaultReadFailed(KeyVaultFailures.ErrorType(e));
            _logger.LogWarning("Key Vault could not be reached for the API key of account {AccountId}: {Failure}", account, KeyVaultFailures.Describe(e));
        }
        catch (Exception e)
        {
            // 401/403 (the identity may not read the secret) or anything unforeseen: no key can be verified now.
            _metrics?.KeyVaultReadFailed(KeyVaultFailures.ErrorType(e));
            _logger.LogError(e, "Reading the API key of account {AccountId} from Key Vault failed", account);
        }

        // Keep what the last successful read found: the fallback accepts only a verified key that is still that value.
        return (seen ?? new VaultRead(null, now, null)) with { FailedAt = now };
    }

    /// <summary>Whether the account's key is known: the last read found one, or one was accepted within the grace period.</summary>
    private async ValueTask<bool> IsKnownAsync(string account, VaultRead? last)
    {
        if (last?.KeyHash is not null)
        {
            return true;
        }

        var verified = await _cache.TryGetAsync<VerifiedKey>(VerifiedKey.CacheKey(account)).ConfigureAwait(false);
        return verified.HasValue && _clock.GetUtcNow() - verified.Value.At < _options.VerifiedKeyGracePeriod;
    }

    /// <summary>Once a minute at most: a flood of made-up account ids would otherwise log a line per request.</summary>
    private void LogBudgetSpent()
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _budgetSpentLoggedAt);
        if (now - last >= UnknownAccountReadBudget.Window.Ticks && Interlocked.CompareExchange(ref _budgetSpentLoggedAt, now, last) == last)
        {
            _logger.LogWarning(
                "The {ReadsPerMinute} Key Vault reads per minute for accounts without a known key are spent; such requests answer 503 until reads are left",
                _options.UnknownAccountReadsPerMinute);
        }
    }

    /// <summary>A successful read; an account without an active key is forgotten first when memory is full.</summary>
    private static VaultRead Found(FusionCacheFactoryExecutionContext<VaultRead> context, string? value, DateTimeOffset now)
    {
        context.Options.Priority = value is null ? CacheItemPriority.Low : CacheItemPriority.Normal;
        return new VaultRead(value is null ? null : Hash(value), now, null);
    }

    /// <summary>The value that accepts keys, or null when the newest version is disabled, expired or empty.</summary>
    private string? ActiveValue(KeyVaultSecret secret)
    {
        var properties = secret.Properties;
        var now = _clock.GetUtcNow();
        return properties.Enabled == false || properties.ExpiresOn <= now || properties.NotBefore > now || string.IsNullOrEmpty(secret.Value)
            ? null
            : secret.Value;
    }

    public void Dispose()
    {
        _cache.Dispose();
        _memory.Dispose();
    }

    /// <summary>One spelling per account: ids are ASCII letters, digits and dashes, so lower case is unambiguous.</summary>
    private static string Canonical(string accountId) => accountId.ToLowerInvariant();

    private static string Hash(string key) => Convert.ToHexString(ApiKeyComparison.HashOf(key));

    /// <summary>What the last read of an account's secret found: the hash of its active value (null: none), or that it failed.</summary>
    private sealed record VaultRead(string? KeyHash, DateTimeOffset ReadAt, DateTimeOffset? FailedAt)
    {
        /// <summary>What a check gets when the budget for unknown accounts allowed no read; never stored.</summary>
        public static VaultRead NotRead { get; } = new(null, DateTimeOffset.MinValue, null);
    }

    /// <summary>The hash of a key that a read accepted, and when.</summary>
    private sealed record VerifiedKey(string KeyHash, DateTimeOffset At)
    {
        public static string CacheKey(string account) => "verified:" + account;
    }
}
