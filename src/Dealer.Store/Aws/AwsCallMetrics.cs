using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.Runtime.Telemetry;
using SdkMetrics = Amazon.Runtime.Telemetry.Metrics;

namespace Dealer.Store.Aws;

/// <summary>
/// The AWS SDK's own call metrics on a <see cref="System.Diagnostics.Metrics"/> meter named <see cref="MeterName"/>,
/// so that OpenTelemetry (and <c>/metrics</c>) sees every S3, DynamoDB and SQS call the dealer makes, by service and
/// operation. The SDK measures its calls through its telemetry provider (no-op unless one is set); this provider
/// passes on the instruments that count calls (<c>client.call.duration</c>, whose count is the calls,
/// <c>client.call.errors</c>, and <c>client.call.attempts</c> should the SDK record it; AWSSDK.Core 4.1 does not) with
/// the attributes <c>rpc.service</c>,
/// <c>rpc.method</c> and <c>exception.type</c>, and drops the per-phase timings and the per-call attributes (request
/// ids) that would only cost time and series.
/// </summary>
internal sealed class AwsCallMetrics : SdkMetrics.MeterProvider
{
    /// <summary>The meter the SDK's call metrics appear on.</summary>
    public const string MeterName = "Dealer.Aws";

    private static readonly HashSet<string> Passed = new(StringComparer.Ordinal)
    {
        "client.call.duration", "client.call.attempts", "client.call.errors",
    };

    // Seconds, from a local round trip to a throttled call's retries (the exporter's default buckets are for milliseconds).
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private static readonly string[] PassedAttributes = ["rpc.service", "rpc.method", "exception.type"];

    private static readonly System.Diagnostics.Metrics.Meter Shared = new(MeterName);

    private static readonly ConcurrentDictionary<string, object> Instruments = new(StringComparer.Ordinal);

    private static readonly Lazy<TelemetryProvider> SharedProvider = new(() =>
    {
        var provider = new DefaultTelemetryProvider();
        provider.RegisterMeterProvider(new AwsCallMetrics());
        return provider;
    });

    private AwsCallMetrics()
    {
    }

    /// <summary>The telemetry provider to set on each SDK client's configuration (one per process, sharing the meter).</summary>
    public static TelemetryProvider Provider => SharedProvider.Value;

    public override SdkMetrics.Meter GetMeter(string scope, Attributes? attributes = null) => SdkMeter.Instance;

    private static TagList Tags(Attributes? attributes)
    {
        var tags = default(TagList);
        if (attributes is null)
        {
            return tags;
        }

        foreach (var name in PassedAttributes)
        {
            if (attributes.Get(name) is { } value)
            {
                tags.Add(name, value);
            }
        }

        return tags;
    }

    private sealed class SdkMeter : SdkMetrics.Meter
    {
        public static readonly SdkMeter Instance = new();

        public override SdkMetrics.UpDownCounter<T> CreateUpDownCounter<T>(string name, string? units = null, string? description = null) =>
            new Dropped<T>();

        public override SdkMetrics.MonotonicCounter<T> CreateMonotonicCounter<T>(string name, string? units = null, string? description = null) =>
            Passed.Contains(name)
                ? (SdkMetrics.MonotonicCounter<T>)Instruments.GetOrAdd(name, _ => new Counter<T>(Shared.CreateCounter<T>(name, units, description)))
                : new DroppedCounter<T>();

        public override SdkMetrics.Histogram<T> CreateHistogram<T>(string name, string? units = null, string? description = null) =>
            Passed.Contains(name)
                ? (SdkMetrics.Histogram<T>)Instruments.GetOrAdd(name, _ => new Histogram<T>(NewHistogram<T>(name, units, description)))
                : new DroppedHistogram<T>();
    }

    private static System.Diagnostics.Metrics.Histogram<T> NewHistogram<T>(string name, string? units, string? description)
        where T : struct =>
        typeof(T) == typeof(double)
            ? (System.Diagnostics.Metrics.Histogram<T>)(object)Shared.CreateHistogram(name, units, description, tags: null,
                new System.Diagnostics.Metrics.InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets })
            : Shared.CreateHistogram<T>(name, units, description);

    private sealed class Counter<T>(System.Diagnostics.Metrics.Counter<T> inner) : SdkMetrics.MonotonicCounter<T>
        where T : struct
    {
        public override void Add(T value, Attributes? attributes = null) => inner.Add(value, Tags(attributes));
    }

    private sealed class Histogram<T>(System.Diagnostics.Metrics.Histogram<T> inner) : SdkMetrics.Histogram<T>
        where T : struct
    {
        public override void Record(T value, Attributes? attributes = null) => inner.Record(value, Tags(attributes));
    }

    private sealed class Dropped<T> : SdkMetrics.UpDownCounter<T>
        where T : struct
    {
        public override void Add(T value, Attributes? attributes = null)
        {
        }
    }

    private sealed class DroppedCounter<T> : SdkMetrics.MonotonicCounter<T>
        where T : struct
    {
        public override void Add(T value, Attributes? attributes = null)
        {
        }
    }

    private sealed class DroppedHistogram<T> : SdkMetrics.Histogram<T>
        where T : struct
    {
        public override void Record(T value, Attributes? attributes = null)
        {
        }
    }
}
