using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ContextKeys;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var command = new KeyCommand(
    Console.Out,
    Console.Error,
    vaultUri => new SecretClient(vaultUri, new DefaultAzureCredential()),
    Environment.CurrentDirectory);
return await command.RunAsync(args, cancellation.Token);
