using System.CommandLine;

namespace Dealer.Service.Cli;

/// <summary>The <c>dealer</c> command line.</summary>
public static class DealerCommandLine
{
    /// <summary>Builds the root command; <paramref name="getVariable"/> reads the <c>DEALER_*</c> environment.</summary>
    public static RootCommand Create(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var root = new RootCommand("The Filecoin dealer of the w3filecoin protocol (deal/offer, deal/add)");
        root.Subcommands.Add(ServeCommand.Create(getVariable));
        root.Subcommands.Add(ConsumeCommand.Create(getVariable));
        root.Subcommands.Add(KeyCommand.Create());
        root.Subcommands.Add(DelegateCommand.Create());
        root.Subcommands.Add(OfferCommand.Create());
        root.Subcommands.Add(ReceiptCommand.Create());
        root.Subcommands.Add(StoreCommands.CreateDeals(getVariable));
        root.Subcommands.Add(StoreCommands.CreateDeal(getVariable));
        root.Subcommands.Add(StoreCommands.CreateRevoke(getVariable));
        root.Subcommands.Add(CronCommand.Create(getVariable));
        root.Subcommands.Add(AwsCommand.Create(getVariable));
        root.Subcommands.Add(AggregateCommand.Create());
        return root;
    }
}
