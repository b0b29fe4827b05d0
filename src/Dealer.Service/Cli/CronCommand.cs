using System.CommandLine;
using Dealer.Service.Configuration;
using Dealer.Service.Cron;
using Dealer.Service.Hosting;
using Dealer.Service.Receipts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer cron tick</c>: one cron pass for an external scheduler, through the same dispatch path as the cron
/// inside <c>dealer serve</c> (it needs the dealer's key to sign <c>deal/add</c>). Safe to run while a server runs.
/// </summary>
internal static class CronCommand
{
    public static Command Create(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var tick = new Command("tick", "Run one cron pass: issue deal/add for every decided deal; prints a JSON summary");
        common.AddStore(tick);
        common.AddIdentity(tick);
        var interop = new InteropCliOptions();
        interop.Add(tick);
        tick.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, _) =>
        {
            var options = common.BindExisting(result, getVariable);
            options.Validate();
            var peers = interop.Bind(result, getVariable);
            var summary = await TickAsync(options, getVariable, logging => logging.AddDealerConsole(LogLevel.Warning), peers, cancellationToken)
                .ConfigureAwait(false);
            await output.WriteLineAsync(CliJson.Serialize(new Dictionary<string, int>
            {
                ["examined"] = summary.Examined,
                ["approved"] = summary.Approved,
                ["rejected"] = summary.Rejected,
                ["pending"] = summary.Pending,
                ["failed"] = summary.Failed,
            })).ConfigureAwait(false);
            return summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.Unavailable;
        }));

        var command = new Command("cron", "The deal cron");
        command.Subcommands.Add(tick);
        return command;
    }

    /// <summary>
    /// Opens the stores and key of <paramref name="options"/> and runs one tick, asking the deal tracker of
    /// <paramref name="interop"/> when it names one (else the operator ledger).
    /// </summary>
    public static async Task<CronTickResult> TickAsync(DealerOptions options, Func<string, string?> getVariable,
        Action<ILoggingBuilder> configureLogging, InteropOptions? interop, CancellationToken cancellationToken)
    {
        using var identity = DealerIdentity.LoadExisting(options);
        await using var stores = DealerStoreFactory.Open(options, getVariable);
        var services = new ServiceCollection();
        services.AddLogging(configureLogging);
        if (interop is not null)
        {
            services.AddInterop(interop);
        }

        services.AddDealerCore(options, identity, stores, TimeProvider.System);
        await using var provider = services.BuildServiceProvider();
        var result = await provider.GetRequiredService<DealCron>().TickAsync(cancellationToken).ConfigureAwait(false);
        await ErrorReceiptPruneService.PruneAsync(stores.Receipts, options, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
