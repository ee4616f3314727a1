using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ContextKeys;
using ContextKeys.CommandLine;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var keys = new KeyCommand(
    Console.Out,
    Console.Error,
    vaultUri => new SecretClient(vaultUri, new DefaultAzureCredential()),
    Environment.CurrentDirectory);
var transfers = new TransferCommands(Console.Error, errorIsTerminal: !Console.IsErrorRedirected);
return await new ToolCommandLine(keys, transfers, Console.Out, Console.Error).RunAsync(args, cancellation.Token);
