namespace ContextAdmin.UnitTests.Azd;

/// <summary>
/// The key command as the postprovision hook runs it, over an in-memory vault: it keeps the tool's contract, which
/// KeyCommandTests proves against a Moq'd SecretClient. Each new key is one more version of the account's secret; with
/// --if-absent an account whose secret exists is left alone; <see cref="ExitCode"/> makes every attempt fail instead.
/// </summary>
public sealed class FakeKeyCommand(TextWriter output, TextWriter error)
{
    public Dictionary<string, List<string>> Secrets { get; } = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    /// <summary>Non-zero: every run fails with it (1 a vault refusal, 2 bad arguments).</summary>
    public int ExitCode { get; set; }

    /// <summary>How long each run takes on the hook's clock.</summary>
    public TimeSpan Duration { get; set; }

    public InstantClock? Clock { get; set; }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        Calls.Add(string.Join(' ', args));
        Clock?.Advance(Duration);
        if (ExitCode != 0)
        {
            await error.WriteLineAsync("error: the key was not stored: Key Vault answered 403 Forbidden");
            return ExitCode;
        }

        var account = args[args.ToList().IndexOf("--account") + 1];
        var secret = $"context-api-key-{account}";
        if (args.Contains("--if-absent") && Secrets.ContainsKey(secret))
        {
            await error.WriteLineAsync($"Left the existing key alone: secret {secret} has an enabled version");
            return 0;
        }

        var key = Guid.NewGuid().ToString("N");
        Secrets.TryAdd(secret, []);
        Secrets[secret].Add(key);
        await error.WriteLineAsync("Created the key");
        await output.WriteLineAsync(key);
        return 0;
    }
}
