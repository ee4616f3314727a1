namespace ContextServer.EndToEndTests;

/// <summary>
/// Accounts for a host that the tests of a class share: pool A's keys are <see cref="RunningServer.KeyA"/>, pool B's
/// <see cref="RunningServer.KeyB"/>, and the test at index i of the class uses account i of each pool, so no two
/// tests of a class see each other's data.
/// </summary>
public static class AccountPools
{
    public const int AccountsPerPool = 400;

    public static string AccountOfPoolA(int index) => $"pa{index:D4}";

    public static string AccountOfPoolB(int index) => $"pb{index:D4}";

    /// <summary>The <c>ApiKeys:</c> settings of every account of both pools.</summary>
    public static Dictionary<string, string?> ApiKeySettings()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < AccountsPerPool; i++)
        {
            settings[$"ApiKeys:{AccountOfPoolA(i)}"] = RunningServer.KeyA;
            settings[$"ApiKeys:{AccountOfPoolB(i)}"] = RunningServer.KeyB;
        }

        return settings;
    }

    /// <summary>The accounts of the test at <paramref name="index"/>; more tests than accounts is a failure, not a shared account.</summary>
    public static (string AccountA, string AccountB) ForTest(int index) =>
        index < AccountsPerPool
            ? (AccountOfPoolA(index), AccountOfPoolB(index))
            : throw new InvalidOperationException(
                $"More than {AccountsPerPool} tests share one host: raise {nameof(AccountPools)}.{nameof(AccountsPerPool)}.");
}
