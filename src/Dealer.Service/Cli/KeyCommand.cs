using System.CommandLine;
using Dealer.Ucan.Principals;

namespace Dealer.Service.Cli;

/// <summary><c>dealer key gen</c>: a new Ed25519 key as <c>{"id":"did:key:…","key":"M…"}</c>.</summary>
internal static class KeyCommand
{
    public static Command Create()
    {
        var gen = new Command("gen", "Generate an Ed25519 key; prints {\"id\":\"did:key:…\",\"key\":\"M…\"}");
        gen.SetAction(result => CommandRunner.RunAsync(result, async (output, _) =>
        {
            using var key = Ed25519Signer.Generate();
            await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, string>
            {
                ["id"] = key.Did,
                ["key"] = key.Format(),
            })).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));

        var command = new Command("key", "Key management");
        command.Subcommands.Add(gen);
        return command;
    }
}
