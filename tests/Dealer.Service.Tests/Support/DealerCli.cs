using System.CommandLine;
using Dealer.Service.Cli;

namespace Dealer.Service.Tests.Support;

/// <summary>Runs the <c>dealer</c> command line in-process and captures what it prints.</summary>
internal static class DealerCli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DealerCommandLine.Create(_ => null).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
