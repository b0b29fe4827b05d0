using System.Globalization;

namespace Dealer.Service.Configuration;

/// <summary>
/// The <c>DEALER_*</c> environment variables. Each one sets the same thing as its flag; a flag given on the command
/// line wins over the variable.
/// </summary>
internal static class DealerEnvironment
{
    /// <summary>The dealer's private key (ucanto <c>M…</c> string); the key of ucanto configs and the deployed dealer.</summary>
    public const string PrivateKey = "DEALER_PRIVATE_KEY";

    /// <summary>See <see cref="DealerOptions.Listen"/>.</summary>
    public const string Listen = "DEALER_LISTEN";

    /// <summary>See <see cref="DealerOptions.DataDirectory"/>.</summary>
    public const string DataDirectory = "DEALER_DATA_DIR";

    /// <summary>See <see cref="DealerOptions.KeyFile"/>.</summary>
    public const string KeyFile = "DEALER_KEY_FILE";

    /// <summary>See <see cref="DealerOptions.Did"/>.</summary>
    public const string Did = "DEALER_DID";

    /// <summary>See <see cref="DealerOptions.MinAggregateSize"/>.</summary>
    public const string MinAggregateSize = "DEALER_MIN_AGGREGATE_SIZE";

    /// <summary>See <see cref="DealerOptions.MaxAggregateSize"/>.</summary>
    public const string MaxAggregateSize = "DEALER_MAX_AGGREGATE_SIZE";

    /// <summary>The former name of <see cref="MinAggregateSize"/>, still read (with a warning) when that one is unset.</summary>
    public const string DeprecatedMinPieceSize = "DEALER_MIN_PIECE_SIZE";

    /// <summary>The former name of <see cref="MaxAggregateSize"/>, still read (with a warning) when that one is unset.</summary>
    public const string DeprecatedMaxPieceSize = "DEALER_MAX_PIECE_SIZE";

    /// <summary>See <see cref="DealerOptions.VerifyAggregate"/> (<c>true</c>/<c>false</c>).</summary>
    public const string VerifyAggregate = "DEALER_VERIFY_AGGREGATE";

    /// <summary>See <see cref="DealerOptions.MaxBodySize"/>.</summary>
    public const string MaxBodySize = "DEALER_MAX_BODY_SIZE";

    /// <summary>See <see cref="DealerOptions.MaxInFlightBodyBytes"/>.</summary>
    public const string MaxInFlightBodyBytes = "DEALER_MAX_INFLIGHT_BODY_BYTES";

    /// <summary>See <see cref="DealerOptions.MaxConnections"/>.</summary>
    public const string MaxConnections = "DEALER_MAX_CONNECTIONS";

    /// <summary>See <see cref="DealerOptions.MinBodyDataRate"/> (bytes per second).</summary>
    public const string MinBodyRate = "DEALER_MIN_BODY_RATE";

    /// <summary>See <see cref="DealerOptions.HeadersTimeout"/> (seconds).</summary>
    public const string HeadersTimeout = "DEALER_HEADERS_TIMEOUT";

    /// <summary>See <see cref="DealerOptions.KeepAliveTimeout"/> (seconds).</summary>
    public const string KeepAliveTimeout = "DEALER_KEEP_ALIVE_TIMEOUT";

    /// <summary>See <see cref="DealerOptions.ErrorReceiptRetention"/> (days).</summary>
    public const string ErrorReceiptRetentionDays = "DEALER_ERROR_RECEIPT_RETENTION_DAYS";

    /// <summary>See <see cref="DealerOptions.CronInterval"/> (seconds).</summary>
    public const string CronInterval = "DEALER_CRON_INTERVAL";

    /// <summary>See <see cref="DealerOptions.Store"/> (<c>embedded</c> or <c>aws</c>).</summary>
    public const string Store = "DEALER_STORE";

    /// <summary>See <see cref="DealerOptions.QueueVisibilityTimeout"/> (seconds; the AWS queue reads the same variable).</summary>
    public const string QueueVisibilityTimeout = "DEALER_QUEUE_VISIBILITY_TIMEOUT";

    /// <summary>See <see cref="DealerOptions.QueueMaxReceives"/> (the AWS queue reads the same variable).</summary>
    public const string QueueMaxReceives = "DEALER_QUEUE_MAX_RECEIVES";

    /// <summary>See <see cref="DealerOptions.MetricsRefresh"/> (seconds).</summary>
    public const string MetricsRefresh = "DEALER_METRICS_REFRESH";

    /// <summary>See <see cref="DealerOptions.LogFormat"/> (<c>text</c> or <c>json</c>).</summary>
    public const string LogFormat = "DEALER_LOG_FORMAT";

    /// <summary>See <see cref="DealerOptions.LogLevel"/> (<c>trace</c>, <c>debug</c>, <c>information</c>, <c>warning</c>, <c>error</c>, <c>critical</c>, <c>none</c>).</summary>
    public const string LogLevel = "DEALER_LOG_LEVEL";

    /// <summary>Returns <paramref name="options"/> with every variable that is set applied.</summary>
    /// <exception cref="ArgumentException">A variable holds a value of the wrong form.</exception>
    public static DealerOptions Apply(DealerOptions options, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value : null;

        var result = options;
        if (Get(Listen) is { } listen)
        {
            result = result with { Listen = ParseUrl(listen, Listen) };
        }

        if (Get(DataDirectory) is { } dataDirectory)
        {
            result = result with { DataDirectory = dataDirectory };
        }

        if (Get(PrivateKey) is { } key)
        {
            result = result with { Key = key };
        }

        if (Get(KeyFile) is { } keyFile)
        {
            result = result with { KeyFile = keyFile };
        }

        if (Get(Did) is { } did)
        {
            result = result with { Did = did };
        }

        if (Get(MinAggregateSize) is { } min)
        {
            result = result with { MinAggregateSize = ParseLong(min, MinAggregateSize) };
        }
        else if (Get(DeprecatedMinPieceSize) is { } deprecatedMin)
        {
            result = result with { MinAggregateSize = ParseLong(deprecatedMin, DeprecatedMinPieceSize) };
        }

        if (Get(MaxAggregateSize) is { } max)
        {
            result = result with { MaxAggregateSize = ParseLong(max, MaxAggregateSize) };
        }
        else if (Get(DeprecatedMaxPieceSize) is { } deprecatedMax)
        {
            result = result with { MaxAggregateSize = ParseLong(deprecatedMax, DeprecatedMaxPieceSize) };
        }

        if (Get(VerifyAggregate) is { } verify)
        {
            result = result with { VerifyAggregate = ParseBool(verify, VerifyAggregate) };
        }

        if (Get(MaxBodySize) is { } body)
        {
            result = result with { MaxBodySize = ParseLong(body, MaxBodySize) };
        }

        if (Get(MaxInFlightBodyBytes) is { } inFlight)
        {
            result = result with { MaxInFlightBodyBytes = ParsePositive(inFlight, MaxInFlightBodyBytes) };
        }

        if (Get(MaxConnections) is { } connections)
        {
            result = result with { MaxConnections = ParsePositive(connections, MaxConnections) };
        }

        if (Get(MinBodyRate) is { } rate)
        {
            result = result with { MinBodyDataRate = ParsePositive(rate, MinBodyRate) };
        }

        if (Get(HeadersTimeout) is { } headers)
        {
            result = result with { HeadersTimeout = TimeSpan.FromSeconds(ParsePositive(headers, HeadersTimeout)) };
        }

        if (Get(KeepAliveTimeout) is { } keepAlive)
        {
            result = result with { KeepAliveTimeout = TimeSpan.FromSeconds(ParsePositive(keepAlive, KeepAliveTimeout)) };
        }

        if (Get(ErrorReceiptRetentionDays) is { } retention)
        {
            result = result with { ErrorReceiptRetention = TimeSpan.FromDays(ParsePositive(retention, ErrorReceiptRetentionDays)) };
        }

        if (Get(CronInterval) is { } interval)
        {
            result = result with { CronInterval = TimeSpan.FromSeconds(ParseLong(interval, CronInterval)) };
        }

        if (Get(Store) is { } store)
        {
            result = result with { Store = ParseStore(store) };
        }

        if (Get(QueueVisibilityTimeout) is { } visibility)
        {
            result = result with { QueueVisibilityTimeout = TimeSpan.FromSeconds(ParsePositive(visibility, QueueVisibilityTimeout)) };
        }

        if (Get(QueueMaxReceives) is { } receives)
        {
            result = result with { QueueMaxReceives = (int)Math.Min(ParsePositive(receives, QueueMaxReceives), int.MaxValue) };
        }

        if (Get(MetricsRefresh) is { } refresh)
        {
            result = result with { MetricsRefresh = TimeSpan.FromSeconds(ParsePositive(refresh, MetricsRefresh)) };
        }

        if (Get(LogFormat) is { } format)
        {
            result = result with { LogFormat = ParseLogFormat(format, LogFormat) };
        }

        if (Get(LogLevel) is { } level)
        {
            result = result with { LogLevel = ParseLogLevel(level, LogLevel) };
        }

        return result;
    }


    /// <summary>
    /// One line for each deprecated variable that is set (<see cref="DeprecatedMinPieceSize"/>,
    /// <see cref="DeprecatedMaxPieceSize"/>), naming the variable that replaces it; empty when none is.
    /// </summary>
    public static IEnumerable<string> DeprecationWarnings(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        foreach (var (deprecated, replacement) in new[] { (DeprecatedMinPieceSize, MinAggregateSize), (DeprecatedMaxPieceSize, MaxAggregateSize) })
        {
            if (getVariable(deprecated) is { Length: > 0 })
            {
                yield return getVariable(replacement) is { Length: > 0 }
                    ? $"{deprecated} is deprecated and ignored because {replacement} is set"
                    : $"{deprecated} is deprecated; use {replacement}";
            }
        }
    }

    /// <summary>Parses a store name (<c>embedded</c> or <c>aws</c>).</summary>
    public static StoreKind ParseStore(string value) => value.ToUpperInvariant() switch
    {
        "EMBEDDED" => StoreKind.Embedded,
        "AWS" => StoreKind.Aws,
        _ => throw new ArgumentException($"Unknown store '{value}': use 'embedded' or 'aws'."),
    };

    /// <summary>Parses a log format (<c>text</c> or <c>json</c>).</summary>
    public static DealerLogFormat ParseLogFormat(string value, string name) => value.ToUpperInvariant() switch
    {
        "TEXT" => DealerLogFormat.Text,
        "JSON" => DealerLogFormat.Json,
        _ => throw new ArgumentException($"{name} must be text or json, got '{value}'."),
    };

    /// <summary>Parses a log level name (<c>trace</c> … <c>critical</c>, <c>none</c>; <c>info</c> and <c>warn</c> too).</summary>
    public static Microsoft.Extensions.Logging.LogLevel ParseLogLevel(string value, string name) => value.ToUpperInvariant() switch
    {
        "TRACE" => Microsoft.Extensions.Logging.LogLevel.Trace,
        "DEBUG" => Microsoft.Extensions.Logging.LogLevel.Debug,
        "INFORMATION" or "INFO" => Microsoft.Extensions.Logging.LogLevel.Information,
        "WARNING" or "WARN" => Microsoft.Extensions.Logging.LogLevel.Warning,
        "ERROR" => Microsoft.Extensions.Logging.LogLevel.Error,
        "CRITICAL" => Microsoft.Extensions.Logging.LogLevel.Critical,
        "NONE" => Microsoft.Extensions.Logging.LogLevel.None,
        _ => throw new ArgumentException($"{name} must be trace, debug, information, warning, error, critical or none, got '{value}'."),
    };

    /// <summary>Parses an absolute URL setting.</summary>
    public static Uri ParseUrl(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"{name} must be an absolute URL, got '{value}'.");

    private static long ParseLong(string value, string name) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} must be a non-negative integer, got '{value}'.");

    /// <summary>Parses a setting that must be a whole number of at least 1.</summary>
    public static long ParsePositive(string value, string name) =>
        ParseLong(value, name) is > 0 and var parsed ? parsed : throw new ArgumentException($"{name} must be at least 1, got '{value}'.");

    /// <summary>Parses a boolean setting (<c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>).</summary>
    public static bool ParseBool(string value, string name) => value.ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" => true,
        "FALSE" or "0" or "NO" => false,
        _ => throw new ArgumentException($"{name} must be true or false, got '{value}'."),
    };
}
