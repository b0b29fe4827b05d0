using System.CommandLine;
using Dealer.Service.Cli;
using Dealer.Service.Configuration;
using Dealer.Service.Hosting;

namespace Dealer.Service.TestHost;

/// <summary>
/// <c>Dealer.Service.TestHost --pause-after-receive SECONDS [the flags of dealer consume]</c>: the dealer's queue
/// consumer exactly as <c>dealer consume</c> composes it (same flags, same <c>DEALER_*</c> variables, same
/// <see cref="DealerConsumerHost"/>), over stores whose dealer-queue pauses after each receive
/// (<see cref="PauseAfterReceiveQueue"/>). The consumer crash test kills it in that pause. It lives in the test tree so
/// that the production binary carries no test hook.
/// </summary>
internal static class TestHostProgram
{
    public static Task<int> Main(string[] args)
    {
        Func<string, string?> getVariable = Environment.GetEnvironmentVariable;
        var common = new CliOptions();
        var pause = new Option<int>("--pause-after-receive")
        {
            Description = "Seconds to wait after a receive that got messages, before the consumer processes them",
            Required = true,
        };
        var command = new RootCommand("dealer consume, with a dealer-queue that pauses after each receive (tests only)");
        common.AddStore(command);
        common.AddLogging(command);
        command.Options.Add(pause);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = common.BindLogging(result, common.BindExisting(result, getVariable));
            options.Validate();
            var stores = PauseAfterReceiveQueue.Wrap(DealerStoreFactory.Open(options, getVariable),
                TimeSpan.FromSeconds(result.GetValue(pause)), Console.Error);
            try
            {
                await using var host = await DealerConsumerHost.StartAsync(options, stores, getVariable, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            return 0;
        });
        return command.Parse(args).InvokeAsync();
    }
}
