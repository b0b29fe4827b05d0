using System.CommandLine;
using System.Numerics;
using Dealer.Ucan.Filecoin;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer aggregate --piece CID… [--size BYTES]</c>: the FRC-0058 aggregate piece CID of the pieces in the given
/// order, as the dealer will recompute it when the aggregate is offered. For storefront operators checking their
/// aggregates before they offer them.
/// </summary>
internal static class AggregateCommand
{
    private const long DefaultSize = 32L << 30;

    public static Command Create()
    {
        var pieces = new Option<string[]>("--piece")
        {
            Description = "A piece CID (v2, bafkzcib…), in aggregate order; repeatable",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var size = new Option<string?>("--size") { Description = "The aggregate (deal) size in bytes, a power of two (default 34359738368 = 32 GiB)" };
        var command = new Command("aggregate", "Compute the aggregate piece CID (FRC-0058) of pieces in the given order");
        command.Options.Add(pieces);
        command.Options.Add(size);
        command.SetAction(result => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var links = result.GetRequiredValue(pieces).Select(PieceLink.Parse).ToArray();
            var bytes = result.GetValue(size) is { } text ? CliOptions.ParseSize(text, "--size") : DefaultSize;
            if (bytes < 32 || !BitOperations.IsPow2(bytes))
            {
                throw new ArgumentException($"--size must be a power of two of at least 32 bytes, got {bytes}.");
            }

            var height = (byte)(BitOperations.Log2((ulong)bytes) - 5);
            var aggregate = Aggregate.Compute(links, height);
            await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, object>
            {
                ["aggregate"] = aggregate.ToString(),
                ["size"] = aggregate.Size,
                ["pieces"] = links.Length,
            })).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
