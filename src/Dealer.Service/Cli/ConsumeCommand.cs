using System.CommandLine;
using Dealer.Service.Hosting;

namespace Dealer.Service.Cli;

/// <summary>
/// <c>dealer consume</c>: only the queue consumer, until Ctrl+C or SIGTERM; the long-running half of a split deployment
/// whose API runs <c>dealer serve --no-consumer</c> and whose cron runs <c>dealer cron tick</c>. It takes no key: the
/// consumer records deals and signs nothing.
/// </summary>
internal static class ConsumeCommand
{
    public static Command Create(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var command = new Command("consume", "Run only the queue consumer (no HTTP listener, no cron): record offered deals until stopped; metrics go over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set");
        common.AddStore(command);
        common.AddLogging(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (_, _) =>
        {
            var options = common.BindLogging(result, common.BindExisting(result, getVariable));
            try
            {
                await using var host = await DealerConsumerHost.StartAsync(options, getVariable, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C / SIGTERM (also while starting): stop cleanly; an unfinished message is delivered again.
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
