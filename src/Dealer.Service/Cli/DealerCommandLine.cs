using System.CommandLine;

namespace Dealer.Service.Cli;

/// <summary>The <c>dealer</c> command line.</summary>
internal static class DealerCommandLine
{
    /// <summary>
    /// Parses and runs <paramref name="args"/>. Arguments that do not parse (an unknown flag, a missing value) exit
    /// with <see cref="ExitCodes.Usage"/> after one line per error on <paramref name="configuration"/>'s error
    /// writer, as every other usage error does, rather than System.CommandLine's exit code 1 and full help text.
    /// </summary>
    public static Task<int> RunAsync(string[] args, Func<string, string?> getVariable, InvocationConfiguration? configuration = null)
    {
        var parsed = Create(getVariable).Parse(args);
        if (parsed.Errors.Count == 0)
        {
            return configuration is null ? parsed.InvokeAsync() : parsed.InvokeAsync(configuration);
        }

        var error = configuration?.Error ?? Console.Error;
        foreach (var problem in parsed.Errors)
        {
            error.WriteLine("dealer: " + problem.Message);
        }

        var command = string.Join(' ', ["dealer", .. CommandPath(parsed.CommandResult.Command, parsed.RootCommandResult.Command)]);
        error.WriteLine($"Run '{command} --help' for usage.");
        return Task.FromResult(ExitCodes.Usage);
    }

    private static List<string> CommandPath(Command command, Command root)
    {
        var path = new List<string>();
        for (var current = command; current is not null && current != root; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, current.Name);
        }

        return path;
    }

    /// <summary>Builds the root command; <paramref name="getVariable"/> reads the <c>DEALER_*</c> environment.</summary>
    public static RootCommand Create(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var root = new RootCommand("The Filecoin dealer of the w3filecoin protocol (deal/offer, deal/add)");
        root.Subcommands.Add(ServeCommand.Create(getVariable));
        root.Subcommands.Add(ConsumeCommand.Create(getVariable));
        root.Subcommands.Add(KeyCommand.Create());
        root.Subcommands.Add(DelegateCommand.Create());
        root.Subcommands.Add(OfferCommand.Create(getVariable));
        root.Subcommands.Add(ReceiptCommand.Create(getVariable));
        root.Subcommands.Add(StoreCommands.CreateDeals(getVariable));
        root.Subcommands.Add(StoreCommands.CreateDeal(getVariable));
        root.Subcommands.Add(StoreCommands.CreateRevoke(getVariable));
        root.Subcommands.Add(QueueCommand.Create(getVariable));
        root.Subcommands.Add(TraceCommand.Create(getVariable));
        root.Subcommands.Add(CronCommand.Create(getVariable));
        root.Subcommands.Add(AwsCommand.Create(getVariable));
        root.Subcommands.Add(AggregateCommand.Create());
        return root;
    }
}
