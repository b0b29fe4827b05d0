using System.CommandLine;
using System.Globalization;
using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer queue dead-letters</c>: counts, lists or redrives the dealer-queue messages that were received
/// <c>MaxReceives</c> times without success, once the operator has fixed what made them fail.
/// </summary>
internal static class QueueCommand
{
    private const int DefaultMax = 100;

    public static Command Create(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var list = new Option<bool>("--list") { Description = "Print the dead letters, one JSON object per line" };
        var redrive = new Option<bool>("--redrive") { Description = "Move the dead letters back onto the dealer-queue as fresh messages" };
        var max = new Option<int>("--max")
        {
            Description = $"At most this many dead letters to list or redrive (default {DefaultMax})",
            DefaultValueFactory = _ => DefaultMax,
        };
        var deadLetters = new Command("dead-letters",
            "Count the dealer-queue's dead letters ({\"count\":N}); --list prints them, --redrive puts them back ({\"redriven\":N})");
        common.AddStore(deadLetters);
        deadLetters.Options.Add(list);
        deadLetters.Options.Add(redrive);
        deadLetters.Options.Add(max);
        deadLetters.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var listing = result.GetValue(list);
            var redriving = result.GetValue(redrive);
            var limit = result.GetValue(max);
            if (listing && redriving)
            {
                throw new ArgumentException("Give at most one of --list and --redrive.");
            }

            if (limit < 1)
            {
                throw new ArgumentException($"--max must be at least 1, got {limit}.");
            }

            await using var stores = DealerStoreFactory.Open(common.BindExisting(result, getVariable), getVariable);
            var letters = stores.DeadLetters
                ?? throw new ArgumentException("This store backend does not expose the dealer-queue's dead letters.");
            if (listing)
            {
                foreach (var letter in await letters.ListAsync(limit, cancellationToken).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(ToJson(letter)).ConfigureAwait(false);
                }
            }
            else if (redriving)
            {
                var moved = await letters.RedriveAsync(limit, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, int> { ["redriven"] = moved })).ConfigureAwait(false);
            }
            else
            {
                var count = await letters.CountAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, long> { ["count"] = count })).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));

        var command = new Command("queue", "Operate on the dealer-queue");
        command.Subcommands.Add(deadLetters);
        return command;
    }

    private static string ToJson(DeadLetter letter) => CliJson.Serialize(new Dictionary<string, object?>
    {
        ["id"] = letter.Id,
        ["body"] = letter.Body,
        ["receiveCount"] = letter.ReceiveCount,
        ["enqueuedAt"] = Timestamp(letter.EnqueuedAt),
        ["deadLetteredAt"] = Timestamp(letter.DeadLetteredAt),
    });

    private static string? Timestamp(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
