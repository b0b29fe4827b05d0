using Dealer.Service.Http;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dealer.Service.Observability;

/// <summary>
/// OpenTelemetry for the dealer: the <see cref="DealerMetrics"/> meter with the ASP.NET Core and HttpClient
/// instrumentation, the Prometheus exporter for <c>GET /metrics</c> (in <c>dealer serve</c>), and OTLP export of
/// traces and metrics when <see cref="OtlpEndpointVariable"/> is set (the standard OpenTelemetry variables).
/// </summary>
internal static class DealerTelemetry
{
    /// <summary>The standard variable that turns OTLP export on: the collector's base URL.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard variable choosing the OTLP protocol: <c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public const string OtlpProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>The standard variable setting how often metrics are pushed over OTLP, in milliseconds (default 60000).</summary>
    public const string MetricExportIntervalVariable = "OTEL_METRIC_EXPORT_INTERVAL";

    /// <summary>The path Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Registers <paramref name="metrics"/>, OpenTelemetry and, with <paramref name="serveHttp"/>, the request log, the
    /// health checks, the gauge refresher and the Prometheus exporter.
    /// </summary>
    /// <exception cref="ArgumentException">An OTLP variable holds a value of the wrong form.</exception>
    public static IServiceCollection AddDealerTelemetry(this IServiceCollection services, DealerMetrics metrics,
        Func<string, string?> getVariable, bool serveHttp)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(getVariable);
        var otlp = OtlpSettings(getVariable);
        services.AddSingleton(metrics);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(DealerVersion.Name, serviceVersion: DealerVersion.Version))
            .WithMetrics(meters =>
            {
                meters.AddMeter(DealerMetrics.MeterName, AwsStores.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (serveHttp)
                {
                    meters.AddPrometheusExporter();
                }
            });
        if (otlp is var (protocol, endpoint))
        {
            telemetry.WithTracing(traces => traces.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter(protocol, endpoint);
            if (ExportInterval(getVariable) is { } interval)
            {
                services.Configure<MetricReaderOptions>(reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval);
            }
        }

        if (serveHttp)
        {
            services.AddSingleton<RequestLog>();
            services.AddDealerHealthChecks();
            services.AddHostedService<DealerGauges>();
        }

        return services;
    }

    /// <summary>The stores with the offer committer counting first acceptances into <paramref name="metrics"/>.</summary>
    public static DealerStores WithMetrics(DealerStores stores, DealerMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(stores);
        return new DealerStores(stores.Offers, stores.Deals, stores.Receipts, stores.Queue, stores.Revocations, stores.Ledger,
            stores.DisposeAsync, stores.DeadLetters, new MeteredOfferCommitter(stores.Committer, metrics), stores.Recorder);
    }

    /// <summary>Adds the request log and maps <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapDealerTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<RequestLog>();
        app.Use(log.InvokeAsync);
        app.MapDealerHealth();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static int? ExportInterval(Func<string, string?> getVariable) =>
        getVariable(MetricExportIntervalVariable) switch
        {
            null or "" => null,
            var text when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0 => ms,
            var other => throw new ArgumentException($"{MetricExportIntervalVariable} must be a positive number of milliseconds, got '{other}'."),
        };

    private static (OtlpExportProtocol Protocol, Uri Endpoint)? OtlpSettings(Func<string, string?> getVariable)
    {
        if (getVariable(OtlpEndpointVariable) is not { Length: > 0 } endpoint)
        {
            return null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{OtlpEndpointVariable} must be an absolute http(s) URL, got '{endpoint}'.");
        }

        var protocol = getVariable(OtlpProtocolVariable) switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new ArgumentException($"{OtlpProtocolVariable} must be grpc or http/protobuf, got '{other}'."),
        };
        return (protocol, uri);
    }
}
