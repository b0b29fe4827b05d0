using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dealer.Load;

/// <summary>The figures of one timed run (JSON field names as written).</summary>
internal sealed record LoadReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string? Label { get; init; }

    public required string Url { get; init; }

    public required int Concurrency { get; init; }

    /// <summary>Timed requests sent.</summary>
    public required int Requests { get; init; }

    /// <summary>Receipts that verified: for the invocation, signed by the dealer, ok.</summary>
    public required int Verified { get; init; }

    /// <summary>Requests that did not end in a verified ok receipt.</summary>
    public required int Errors { get; init; }

    /// <summary>Warm-up requests sent before the timed phase (not in the figures).</summary>
    public int Warmup { get; init; }

    /// <summary>Warm-up receipts that verified (so the server accepted <c>Warmup Verified + Verified</c> offers in all).</summary>
    public int WarmupVerified { get; init; }

    /// <summary>Up to ten distinct error messages with their counts.</summary>
    public required IReadOnlyDictionary<string, int> ErrorSamples { get; init; }

    public required double Seconds { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP90Ms { get; init; }

    public required double LatencyP99Ms { get; init; }

    public required double LatencyMaxMs { get; init; }

    public required double MeanBodyBytes { get; init; }

    /// <summary>Server CPU (user + system) during the timed phase divided by the timed requests, in ms.</summary>
    public double? ServerCpuMsPerRequest { get; init; }

    /// <summary>Server CPU during the timed phase over its wall time (1.0 = one core busy).</summary>
    public double? ServerCores { get; init; }

    public double? ServerRssBeforeMiB { get; init; }

    public double? ServerRssAfterMiB { get; init; }

    public double? ServerPeakRssMiB { get; init; }

    /// <summary>The load tool's own CPU during the timed phase per request, in ms (it shares the machine).</summary>
    public required double ClientCpuMsPerRequest { get; init; }

    /// <summary>Builds the report from the raw figures.</summary>
    public static LoadReport Create(LoadSettings settings, int requests, int verified, IReadOnlyList<string> failures, TimeSpan elapsed,
        ReadOnlySpan<long> latencyTicks, ProcessStats? before, ProcessStats? after, TimeSpan clientCpu, long bodyBytes)
    {
        var sorted = latencyTicks.ToArray();
        Array.Sort(sorted);
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] / 1e4;
        var per = Math.Max(requests, 1);
        var serverCpu = before is not null && after is not null ? after.CpuSeconds - before.CpuSeconds : (double?)null;
        return new LoadReport
        {
            Url = settings.Url.ToString(),
            Concurrency = settings.Concurrency,
            Requests = requests,
            Verified = verified,
            Errors = requests - verified,
            ErrorSamples = failures.GroupBy(f => f.Length > 200 ? f[..200] : f).OrderByDescending(g => g.Count()).Take(10)
                .ToDictionary(g => g.Key, g => g.Count()),
            Seconds = Math.Round(elapsed.TotalSeconds, 3),
            RequestsPerSecond = Math.Round(requests / elapsed.TotalSeconds, 1),
            LatencyP50Ms = Math.Round(Percentile(0.50), 3),
            LatencyP90Ms = Math.Round(Percentile(0.90), 3),
            LatencyP99Ms = Math.Round(Percentile(0.99), 3),
            LatencyMaxMs = Math.Round(Percentile(1.0), 3),
            MeanBodyBytes = Math.Round((double)bodyBytes / per, 1),
            ServerCpuMsPerRequest = serverCpu is { } cpu ? Math.Round(cpu * 1000 / per, 4) : null,
            ServerCores = serverCpu is { } cores ? Math.Round(cores / elapsed.TotalSeconds, 3) : null,
            ServerRssBeforeMiB = Mib(before?.RssBytes),
            ServerRssAfterMiB = Mib(after?.RssBytes),
            ServerPeakRssMiB = Mib(after?.PeakRssBytes),
            ClientCpuMsPerRequest = Math.Round(clientCpu.TotalMilliseconds / per, 4),
        };
    }

    /// <summary>The report as one JSON object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>One line for people.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"{Label ?? Url}: {RequestsPerSecond:0.0} req/s at c={Concurrency}, {Requests} requests in {Seconds:0.00} s, " +
        $"p50 {LatencyP50Ms:0.00} ms, p99 {LatencyP99Ms:0.00} ms, max {LatencyMaxMs:0.00} ms, " +
        $"server CPU {(ServerCpuMsPerRequest is { } cpu ? $"{cpu:0.000} ms/request ({ServerCores:0.00} cores)" : "n/a")}, " +
        $"RSS {(ServerRssAfterMiB is { } rss ? $"{rss:0.0} MiB (peak {ServerPeakRssMiB:0.0})" : "n/a")}, " +
        $"{Verified} receipts verified, {Errors} errors");

    private static double? Mib(long? bytes) => bytes is { } b ? Math.Round(b / 1048576.0, 1) : null;
}
