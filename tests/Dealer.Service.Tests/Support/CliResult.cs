namespace Dealer.Service.Tests.Support;

/// <summary>What one in-process run of the command line returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);
