using System.Text.Json.Nodes;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Moq;

namespace ContextAdmin.UnitTests;

public sealed class KeyCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("context-admin-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly Mock<SecretClient> _vault = new();
    private Uri? _vaultUsed;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task LocalModeCreatesLocalSettingsAtTheRepositoryRootWhenMissing()
    {
        File.WriteAllText(Path.Combine(_directory, "ContextFunctions.sln"), "");
        var workingDirectory = Directory.CreateDirectory(Path.Combine(_directory, "src", "ContextServer")).FullName;

        Assert.Equal(0, await RunAsync(workingDirectory, "--account", "le12345678", "--local"));

        var settings = ReadJson(Path.Combine(_directory, "local.settings.json"));
        Assert.False(settings["IsEncrypted"]!.GetValue<bool>());
        Assert.Equal(PrintedKey(), settings["Values"]!["ApiKeys__le12345678"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(workingDirectory, "local.settings.json")));
    }

    [Fact]
    public async Task LocalModeUpdatesTheKeyAndKeepsEveryOtherSetting()
    {
        var path = Path.Combine(_directory, "local.settings.json");
        File.WriteAllText(path, """
            {
              "IsEncrypted": false,
              "Values": {
                "Cosmos__Key": "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
                "ApiKeys__le12345678": "old-key",
                "ApiKeys__le999": "other-account-key"
              },
              "Host": { "LocalHttpPort": 7071 }
            }
            """);

        Assert.Equal(0, await RunAsync(_directory, "--account", "le12345678", "--local", "--settings", path));

        var settings = ReadJson(path);
        var values = settings["Values"]!;
        Assert.Equal(PrintedKey(), values["ApiKeys__le12345678"]!.GetValue<string>());
        Assert.Equal("other-account-key", values["ApiKeys__le999"]!.GetValue<string>());
        Assert.Equal("C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==", values["Cosmos__Key"]!.GetValue<string>());
        Assert.Equal(7071, settings["Host"]!["LocalHttpPort"]!.GetValue<int>());
        Assert.Contains("C2y6yDjf5/R+ob0N8", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalModeAddsValuesWhenTheFileHasNone()
    {
        var path = Path.Combine(_directory, "local.settings.json");
        File.WriteAllText(path, """{ "IsEncrypted": false }""");

        Assert.Equal(0, await RunAsync(_directory, "--account", "le1", "--local", "--settings", "local.settings.json"));

        Assert.Equal(PrintedKey(), ReadJson(path)["Values"]!["ApiKeys__le1"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppSettingsModeWritesTheKeyUnderApiKeysAndKeepsOtherSettings()
    {
        var path = Path.Combine(_directory, "appsettings.Development.json");
        File.WriteAllText(path, """{ "Cosmos": { "Endpoint": "https://localhost:8081/" }, "ApiKeys": { "le999": "other" } }""");

        Assert.Equal(0, await RunAsync(_directory, "--account", "le12345678", "--appsettings", path));

        var settings = ReadJson(path);
        Assert.Equal(PrintedKey(), settings["ApiKeys"]!["le12345678"]!.GetValue<string>());
        Assert.Equal("other", settings["ApiKeys"]!["le999"]!.GetValue<string>());
        Assert.Equal("https://localhost:8081/", settings["Cosmos"]!["Endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task AppSettingsModeCreatesAMissingFile()
    {
        var path = Path.Combine(_directory, "keys.json");

        Assert.Equal(0, await RunAsync(_directory, "--account", "le1", "--appsettings", path));

        Assert.Equal(PrintedKey(), ReadJson(path)["ApiKeys"]!["le1"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"Values":{"ApiKeys__le1":"a","ApiKeys__le1":"b"}}""")] // a name given twice, as a hand edit leaves it
    public async Task ASettingsFileThatIsNotJsonIsLeftAloneAndTheCommandFails(string text)
    {
        var path = Path.Combine(_directory, "local.settings.json");
        File.WriteAllText(path, text);

        Assert.Equal(1, await RunAsync(_directory, "--account", "le1", "--local", "--settings", path));

        Assert.Equal(text, File.ReadAllText(path));
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public async Task VaultModeStoresANewVersionOfTheAccountsSecretAndPrintsTheKeyOnce()
    {
        SetUpVault();

        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le12345678"));

        var key = PrintedKey();
        Assert.Equal(new Uri("https://x.vault.azure.net"), _vaultUsed);
        _vault.Verify(v => v.SetSecretAsync("context-api-key-le12345678", key, It.IsAny<CancellationToken>()), Times.Once);
        _vault.VerifyNoOtherCalls();
        Assert.DoesNotContain(key, _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVaultThatRefusesTheWriteFailsWithoutPrintingAKey()
    {
        _vault.Setup(v => v.SetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(403, "Forbidden", "Forbidden", null));

        Assert.Equal(1, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1"));

        Assert.Equal("", _output.ToString());
        Assert.Contains("403", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableVaultFailsWithoutPrintingAKey()
    {
        _vault.Setup(v => v.SetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AggregateException(
                new RequestFailedException(0, "Name or service not known"), new RequestFailedException(0, "Name or service not known")));

        Assert.Equal(1, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1"));

        Assert.Equal("", _output.ToString());
        Assert.Contains("Name or service not known", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRunMakesADifferentKey()
    {
        SetUpVault();
        var keys = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            _output.GetStringBuilder().Clear();
            Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1"));
            keys.Add(PrintedKey());
        }

        Assert.Equal(20, keys.Count);
    }

    [Fact]
    public async Task IfAbsentCreatesTheKeyWhenTheAccountHasNoSecret()
    {
        SetUpVault();
        SetUpVersions(new RequestFailedException(404, "Secret not found", "SecretNotFound", null));

        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le12345678", "--if-absent"));

        var key = PrintedKey();
        _vault.Verify(v => v.GetPropertiesOfSecretVersionsAsync("context-api-key-le12345678", It.IsAny<CancellationToken>()), Times.Once);
        _vault.Verify(v => v.SetSecretAsync("context-api-key-le12345678", key, It.IsAny<CancellationToken>()), Times.Once);
        _vault.VerifyNoOtherCalls();
        Assert.Contains("Created the key", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IfAbsentCreatesTheKeyWhenTheSecretListsNoVersion()
    {
        SetUpVault();
        SetUpVersions();

        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1", "--if-absent"));

        _vault.Verify(v => v.SetSecretAsync("context-api-key-le1", PrintedKey(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task IfAbsentWritesNothingWhenTheSecretHasAnEnabledVersion()
    {
        SetUpVault();
        SetUpVersions(Version("newest-disabled", enabled: false), Version("live", enabled: true), Version("oldest", enabled: false));

        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le12345678", "--if-absent"));

        _vault.Verify(v => v.GetPropertiesOfSecretVersionsAsync("context-api-key-le12345678", It.IsAny<CancellationToken>()), Times.Once);
        _vault.VerifyNoOtherCalls();
        Assert.Equal("", _output.ToString());
        Assert.Contains("Left the existing key alone", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("live", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IfAbsentCreatesTheKeyWhenEveryVersionIsDisabled()
    {
        SetUpVault();
        SetUpVersions(Version("old", enabled: false), Version("older", enabled: false));

        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1", "--if-absent"));

        _vault.Verify(v => v.SetSecretAsync("context-api-key-le1", PrintedKey(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Contains("Created the key", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IfAbsentTwiceCreatesOneKeyAndThenLeavesItAlone()
    {
        var versions = new List<SecretProperties>();
        _vault.Setup(v => v.SetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, string value, CancellationToken _) =>
            {
                var properties = Version(Guid.NewGuid().ToString("N"), enabled: true);
                versions.Add(properties);
                return Response.FromValue(SecretModelFactory.KeyVaultSecret(properties, value), Mock.Of<Response>());
            });
        _vault.Setup(v => v.GetPropertiesOfSecretVersionsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() => AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(versions.ToList(), null, Mock.Of<Response>())]));

        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1", "--if-absent"));
        var created = PrintedKey();
        _output.GetStringBuilder().Clear();
        Assert.Equal(0, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1", "--if-absent"));

        Assert.Equal("", _output.ToString());
        _vault.Verify(v => v.SetSecretAsync("context-api-key-le1", created, It.IsAny<CancellationToken>()), Times.Once);
        _vault.Verify(v => v.SetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Single(versions);
    }

    [Fact]
    public async Task IfAbsentThatCannotListTheVersionsWritesNothingAndFails()
    {
        SetUpVault();
        SetUpVersions(new RequestFailedException(403, "Forbidden", "Forbidden", null));

        Assert.Equal(1, await RunAsync(_directory, "--vault", "https://x.vault.azure.net", "--account", "le1", "--if-absent"));

        _vault.Verify(v => v.SetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal("", _output.ToString());
        Assert.Contains("403", _error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--if-absent")]
    [InlineData(null)]
    public async Task AnAccountIdInAnyCaseNamesTheLowerCaseSecret(string? ifAbsent)
    {
        SetUpVault();
        SetUpVersions();
        string[] args = ["--vault", "https://x.vault.azure.net", "--account", "LE12345678", .. ifAbsent is null ? Array.Empty<string>() : [ifAbsent]];

        Assert.Equal(0, await RunAsync(_directory, args));

        _vault.Verify(v => v.SetSecretAsync("context-api-key-le12345678", PrintedKey(), It.IsAny<CancellationToken>()), Times.Once);
        _vault.Verify(v => v.SetSecretAsync(It.Is<string>(name => name != "context-api-key-le12345678"), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        _vault.Verify(v => v.GetPropertiesOfSecretVersionsAsync(It.Is<string>(name => name != "context-api-key-le12345678"), It.IsAny<CancellationToken>()), Times.Never);
    }

    public static TheoryData<string[]> BadArguments() => new()
    {
        Array.Empty<string>(),
        new[] { "--local" },
        new[] { "--account" },
        new[] { "--account", "le1" },
        new[] { "--account", "le1", "--local", "--vault", "https://x.vault.azure.net" },
        new[] { "--account", "le1", "--local", "--appsettings", "a.json" },
        new[] { "--account", "le/1", "--local" },
        new[] { "--account", "", "--local" },
        new[] { "--account", new string('a', 65), "--local" },
        new[] { "--account", "le1", "--vault", "http://x.vault.azure.net" },
        new[] { "--account", "le1", "--vault", "x.vault.azure.net" },
        new[] { "--account", "le1", "--vault" },
        new[] { "--account", "le1", "--settings", "x.json" },
        new[] { "--account", "le1", "--account", "le2", "--local" },
        new[] { "--account", "le1", "--local", "--verbose" },
        new[] { "le1" },
        new[] { "--account", "le1", "--local", "--if-absent" },
        new[] { "--account", "le1", "--appsettings", "a.json", "--if-absent" },
        new[] { "--account", "le1", "--vault", "https://x.vault.azure.net", "--if-absent", "--if-absent" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task BadArgumentsExitWithTwoAndTheUsage(string[] args)
    {
        Assert.Equal(2, await RunAsync(_directory, args));

        Assert.Contains("Usage:", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", _output.ToString());
        _vault.VerifyNoOtherCalls();
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task HelpPrintsTheUsage()
    {
        Assert.Equal(0, await RunAsync(_directory, "--help"));
        Assert.Contains("Usage:", _output.ToString(), StringComparison.Ordinal);
    }

    private void SetUpVault() =>
        _vault.Setup(v => v.SetSecretAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, string value, CancellationToken _) => Response.FromValue(
                SecretModelFactory.KeyVaultSecret(
                    SecretModelFactory.SecretProperties(name: name, version: Guid.NewGuid().ToString("N")), value),
                Mock.Of<Response>()));

    private void SetUpVersions(params SecretProperties[] versions) =>
        _vault.Setup(v => v.GetPropertiesOfSecretVersionsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(AsyncPageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(versions, null, Mock.Of<Response>())]));

    private void SetUpVersions(RequestFailedException failure) =>
        _vault.Setup(v => v.GetPropertiesOfSecretVersionsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(new FailingPageable(failure));

    private static SecretProperties Version(string version, bool enabled)
    {
        var properties = SecretModelFactory.SecretProperties(name: "context-api-key-le1", version: version);
        properties.Enabled = enabled;
        return properties;
    }

    private Task<int> RunAsync(string workingDirectory, params string[] args) =>
        new KeyCommand(_output, _error, uri =>
        {
            _vaultUsed = uri;
            return _vault.Object;
        }, workingDirectory).RunAsync(args, CancellationToken.None);

    private string PrintedKey()
    {
        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }

    private static JsonNode ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!;
}

/// <summary>A listing whose first page fails, as the SDK's pager does when Key Vault answers with an error.</summary>
internal sealed class FailingPageable(RequestFailedException failure) : AsyncPageable<SecretProperties>
{
    public override async IAsyncEnumerable<Page<SecretProperties>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        await Task.Yield();
        throw failure;
#pragma warning disable CS0162 // An iterator needs a yield.
        yield break;
#pragma warning restore CS0162
    }
}
