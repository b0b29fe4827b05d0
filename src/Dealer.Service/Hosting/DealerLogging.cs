using Dealer.Service.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dealer.Service.Hosting;

/// <summary>Logging setup: everything to stderr, so that stdout carries only command output (such as the serve line).</summary>
internal static class DealerLogging
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    /// <summary>Configures <paramref name="logging"/> for the dealer: text lines at <paramref name="minimum"/> and above.</summary>
    public static ILoggingBuilder AddDealerConsole(this ILoggingBuilder logging, LogLevel minimum = LogLevel.Information) =>
        AddDealerConsole(logging, minimum, DealerLogFormat.Text);

    /// <summary>Configures <paramref name="logging"/> for the dealer in <paramref name="format"/>.</summary>
    public static ILoggingBuilder AddDealerConsole(this ILoggingBuilder logging, LogLevel minimum, DealerLogFormat format)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start (port in use, …) reaches the command as an exception and is printed there as one line; the
        // host's own report of it would add a stack trace. The dealer's background services catch their failures.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // The health-check service logs every failed check as an error, on every /readyz and every gauge refresh;
        // the dealer logs one warning per refresh that finds it not ready instead (DealerGauges), and dealer_ready says it.
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
        if (format == DealerLogFormat.Json)
        {
            // One JSON object per line: timestamp, level, category, message and the named fields under "State".
            logging.AddJsonConsole(console =>
            {
                console.UseUtcTimestamp = true;
                console.TimestampFormat = TimestampFormat.TrimEnd();
                console.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = TimestampFormat;
            });
        }

        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }

    /// <summary>The logging <paramref name="options"/> ask for.</summary>
    public static ILoggingBuilder AddDealerConsole(this ILoggingBuilder logging, DealerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AddDealerConsole(logging, options.LogLevel, options.LogFormat);
    }
}
