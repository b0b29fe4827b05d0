using System.CommandLine;
using Dealer.Service.Configuration;
using Dealer.Service.Hosting;

namespace Dealer.Service.Cli;

/// <summary><c>dealer serve</c>: the HTTP API, the queue consumer and the cron in one process.</summary>
internal static class ServeCommand
{
    private const string DeprecatedMinSize = "--min-piece-size";
    private const string DeprecatedMaxSize = "--max-piece-size";

    public static Command Create(Func<string, string?> getVariable)
    {
        var common = new CliOptions();
        var listen = new Option<string?>("--listen") { Description = "URL to listen on (default http://127.0.0.1:8080; port 0 picks one; env DEALER_LISTEN)" };
        // The aggregate-size flags were once named --min-piece-size / --max-piece-size; those names still work, with a warning.
        var minSize = new Option<string?>("--min-aggregate-size", DeprecatedMinSize) { Description = $"Smallest accepted aggregate in bytes (default 17179869184 = 16 GiB; env DEALER_MIN_AGGREGATE_SIZE; {DeprecatedMinSize} and DEALER_MIN_PIECE_SIZE are deprecated aliases)" };
        var maxSize = new Option<string?>("--max-aggregate-size", DeprecatedMaxSize) { Description = $"Largest accepted aggregate in bytes (default 34359738368 = 32 GiB; env DEALER_MAX_AGGREGATE_SIZE; {DeprecatedMaxSize} and DEALER_MAX_PIECE_SIZE are deprecated aliases)" };
        var cronInterval = new Option<string?>("--cron-interval") { Description = "Seconds between cron ticks (default 60)" };
        var maxBody = new Option<string?>("--max-body-size") { Description = "Largest accepted request body in bytes (default 8388608)" };
        var maxInFlight = new Option<string?>("--max-inflight-body-bytes") { Description = "Request-body bytes held in memory at once over all requests; over it: 503 with Retry-After (default 268435456; env DEALER_MAX_INFLIGHT_BODY_BYTES)" };
        var maxConnections = new Option<string?>("--max-connections") { Description = "Open connections at most (default 4096; env DEALER_MAX_CONNECTIONS)" };
        var minBodyRate = new Option<string?>("--min-body-rate") { Description = "Slowest accepted request body in bytes/s after a 5 s grace (default 240; env DEALER_MIN_BODY_RATE)" };
        var headersTimeout = new Option<string?>("--headers-timeout") { Description = "Seconds a client has to send its request headers (default 10; env DEALER_HEADERS_TIMEOUT)" };
        var keepAliveTimeout = new Option<string?>("--keep-alive-timeout") { Description = "Seconds an idle keep-alive connection stays open (default 30; env DEALER_KEEP_ALIVE_TIMEOUT)" };
        var retention = new Option<string?>("--error-receipt-retention-days") { Description = "Days error receipts of others' invocations are kept (default 7; env DEALER_ERROR_RECEIPT_RETENTION_DAYS)" };
        var noVerify = new Option<bool>("--no-verify-aggregate") { Description = "Do not recompute the aggregate from its pieces" };
        var noConsumer = new Option<bool>("--no-consumer") { Description = "Do not run the queue consumer in this process" };
        var noCron = new Option<bool>("--no-cron") { Description = "Do not run the cron in this process (use `dealer cron tick`)" };
        var metricsRefresh = new Option<string?>("--metrics-refresh") { Description = "Seconds between the store reads behind the queue, deal and readiness gauges of /metrics (default 30; env DEALER_METRICS_REFRESH)" };

        var command = new Command("serve",
            "Run the dealer: HTTP API (with /healthz, /readyz and /metrics), queue consumer and cron; traces and metrics also go over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set");
        common.AddStore(command);
        common.AddIdentity(command);
        common.AddLogging(command);
        var interop = new InteropCliOptions();
        interop.Add(command);
        foreach (var option in new Option[] { listen, minSize, maxSize, cronInterval, maxBody, maxInFlight, maxConnections, minBodyRate, headersTimeout, keepAliveTimeout, retention, noVerify, noConsumer, noCron, metricsRefresh })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(result, async (output, error) =>
        {
            var options = common.BindLogging(result, common.Bind(result, getVariable));
            foreach (var warning in DeprecationWarnings(result, getVariable, minSize, maxSize))
            {
                await error.WriteLineAsync("dealer: warning: " + warning).ConfigureAwait(false);
            }

            if (result.GetValue(listen) is { } url)
            {
                options = options with { Listen = DealerEnvironment.ParseUrl(url, "--listen") };
            }

            if (result.GetValue(minSize) is { } min)
            {
                options = options with { MinAggregateSize = CliOptions.ParseSize(min, "--min-aggregate-size") };
            }

            if (result.GetValue(maxSize) is { } max)
            {
                options = options with { MaxAggregateSize = CliOptions.ParseSize(max, "--max-aggregate-size") };
            }

            if (result.GetValue(cronInterval) is { } interval)
            {
                options = options with { CronInterval = TimeSpan.FromSeconds(CliOptions.ParseSize(interval, "--cron-interval")) };
            }

            if (result.GetValue(maxBody) is { } body)
            {
                options = options with { MaxBodySize = CliOptions.ParseSize(body, "--max-body-size") };
            }

            if (result.GetValue(maxInFlight) is { } inFlight)
            {
                options = options with { MaxInFlightBodyBytes = DealerEnvironment.ParsePositive(inFlight, "--max-inflight-body-bytes") };
            }

            if (result.GetValue(maxConnections) is { } connections)
            {
                options = options with { MaxConnections = DealerEnvironment.ParsePositive(connections, "--max-connections") };
            }

            if (result.GetValue(minBodyRate) is { } rate)
            {
                options = options with { MinBodyDataRate = DealerEnvironment.ParsePositive(rate, "--min-body-rate") };
            }

            if (result.GetValue(headersTimeout) is { } headers)
            {
                options = options with { HeadersTimeout = TimeSpan.FromSeconds(DealerEnvironment.ParsePositive(headers, "--headers-timeout")) };
            }

            if (result.GetValue(keepAliveTimeout) is { } keepAlive)
            {
                options = options with { KeepAliveTimeout = TimeSpan.FromSeconds(DealerEnvironment.ParsePositive(keepAlive, "--keep-alive-timeout")) };
            }

            if (result.GetValue(retention) is { } days)
            {
                options = options with { ErrorReceiptRetention = TimeSpan.FromDays(DealerEnvironment.ParsePositive(days, "--error-receipt-retention-days")) };
            }

            if (result.GetValue(metricsRefresh) is { } refresh)
            {
                options = options with { MetricsRefresh = TimeSpan.FromSeconds(CliOptions.ParseSize(refresh, "--metrics-refresh")) };
            }

            options = options with
            {
                VerifyAggregate = options.VerifyAggregate && !result.GetValue(noVerify),
                RunConsumer = !result.GetValue(noConsumer),
                RunCron = !result.GetValue(noCron),
            };

            var peers = interop.Bind(result, getVariable);
            await using var host = await DealerHost.StartAsync(options, getVariable,
                configureServices: services => services.AddInterop(peers), cancellationToken: cancellationToken).ConfigureAwait(false);
            var line = CliJson.Serialize(new Dictionary<string, string>
            {
                ["url"] = host.Url.GetLeftPart(UriPartial.Authority),
                ["id"] = host.Did,
            });
            await output.WriteLineAsync(line).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C / SIGTERM: stop cleanly.
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The deprecated flag and variable names the command was given, each with its replacement.</summary>
    private static IEnumerable<string> DeprecationWarnings(ParseResult result, Func<string, string?> getVariable,
        Option<string?> minSize, Option<string?> maxSize)
    {
        foreach (var (option, deprecated) in new[] { (minSize, DeprecatedMinSize), (maxSize, DeprecatedMaxSize) })
        {
            if (result.GetResult(option)?.IdentifierToken?.Value == deprecated)
            {
                yield return $"{deprecated} is deprecated; use {option.Name}";
            }
        }

        foreach (var warning in DealerEnvironment.DeprecationWarnings(getVariable))
        {
            yield return warning;
        }
    }
}
