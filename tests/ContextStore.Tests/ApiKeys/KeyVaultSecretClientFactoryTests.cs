using ContextStore.ApiKeys;

namespace ContextStore.Tests.ApiKeys;

public class KeyVaultSecretClientFactoryTests
{
    [Fact]
    public void AVaultUriThatIsNotAnAbsoluteUrlIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => KeyVaultSecretClientFactory.Create(new KeyVaultOptions { Uri = "my-vault" }));

    [Fact]
    public void ANegativeRetryCountIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => KeyVaultSecretClientFactory.Create(
            new KeyVaultOptions { Uri = "https://my-vault.vault.azure.net/", MaxRetries = -1 }));

    [Fact]
    public void ANetworkTimeoutOfZeroIsRefused() =>
        Assert.Throws<InvalidOperationException>(() => KeyVaultSecretClientFactory.Create(
            new KeyVaultOptions { Uri = "https://my-vault.vault.azure.net/", NetworkTimeout = TimeSpan.Zero }));

    [Fact]
    public void TheClientReadsTheConfiguredVault() =>
        Assert.Equal(new Uri("https://my-vault.vault.azure.net/"),
            KeyVaultSecretClientFactory.Create(new KeyVaultOptions { Uri = "https://my-vault.vault.azure.net/" }).VaultUri);
}
