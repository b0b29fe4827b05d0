using System.CommandLine;
using Dealer.Service.Cli;

namespace Dealer.Service.Tests.Support;

/// <summary>Runs the <c>dealer</c> command line in-process and captures what it prints.</summary>
internal static class DealerCli
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the command line with <paramref name="environment"/> as its only environment variables.</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DealerCommandLine.RunAsync(args, name => environment.GetValueOrDefault(name),
            new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}
