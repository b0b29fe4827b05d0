using System.CommandLine;
using Dealer.Store.Abstractions;

namespace Dealer.Service.Cli;

/// <summary>Runs a command body and turns the expected failures into a message on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(ParseResult result, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            return await body(output, error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await error.WriteLineAsync("dealer: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is StoreException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync("dealer: " + e.Message).ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
    }
}
