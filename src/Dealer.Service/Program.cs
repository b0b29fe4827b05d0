using Dealer.Service.Cli;

namespace Dealer.Service;

/// <summary>
/// The <c>dealer</c> executable; the command line decides what runs. A declared class rather than top-level
/// statements, whose synthesized <c>Program</c> the web SDK makes public: the service declares no public type.
/// </summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => DealerCommandLine.RunAsync(args, Environment.GetEnvironmentVariable);
}
