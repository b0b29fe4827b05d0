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
