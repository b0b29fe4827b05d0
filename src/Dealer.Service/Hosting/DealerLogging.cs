using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dealer.Service.Hosting;

/// <summary>Logging setup: everything to stderr, so that stdout carries only command output (such as the serve line).</summary>
public static class DealerLogging
{
    /// <summary>Configures <paramref name="logging"/> for the dealer.</summary>
    public static ILoggingBuilder AddDealerConsole(this ILoggingBuilder logging, LogLevel minimum = LogLevel.Information)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start (port in use, …) reaches the command as an exception and is printed there as one line; the
        // host's own report of it would add a stack trace. The dealer's background services catch their failures.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
