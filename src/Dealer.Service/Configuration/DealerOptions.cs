using Microsoft.Extensions.Logging;

namespace Dealer.Service.Configuration;

/// <summary>
/// Everything the dealer is configured with. Bound from command-line flags first, then <c>DEALER_*</c> environment
/// variables (see <see cref="DealerEnvironment"/>), then these defaults.
/// </summary>
internal sealed record DealerOptions
{
    /// <summary>Spade's minimum deal size: 16 GiB.</summary>
    public const long DefaultMinAggregateSize = 16L << 30;

    /// <summary>Spade's maximum deal size: 32 GiB.</summary>
    public const long DefaultMaxAggregateSize = 32L << 30;

    /// <summary>The default request body limit: 8 MiB (a deal/offer request is a few KiB per thousand pieces).</summary>
    public const long DefaultMaxBodySize = 8L << 20;

    /// <summary>The default <see cref="MaxInFlightBodyBytes"/>: 256 MiB (32 bodies at the default body limit).</summary>
    public const long DefaultMaxInFlightBodyBytes = 256L << 20;

    /// <summary>The default <see cref="MaxConnections"/>.</summary>
    public const long DefaultMaxConnections = 4096;

    /// <summary>The default <see cref="MinBodyDataRate"/>: 240 bytes/s, Kestrel's own default, stated here on purpose.</summary>
    public const double DefaultMinBodyDataRate = 240;

    /// <summary>The URL the HTTP API listens on; port 0 picks a free port.</summary>
    public Uri Listen { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>The data directory of the embedded store (and of the generated key).</summary>
    public string DataDirectory { get; init; } = ".dealer";

    /// <summary>The dealer's private key (ucanto <c>M…</c> string), if given directly.</summary>
    public string? Key { get; init; }

    /// <summary>A file holding the dealer's private key, if given.</summary>
    public string? KeyFile { get; init; }

    /// <summary>A <c>did:web:…</c> identity for the dealer; null keeps the key's <c>did:key</c>.</summary>
    public string? Did { get; init; }

    /// <summary>The smallest accepted aggregate (padded piece size, bytes).</summary>
    public long MinAggregateSize { get; init; } = DefaultMinAggregateSize;

    /// <summary>The largest accepted aggregate (padded piece size, bytes).</summary>
    public long MaxAggregateSize { get; init; } = DefaultMaxAggregateSize;

    /// <summary>Whether deal/offer checks that the aggregate really is the data-segment aggregate of its pieces.</summary>
    public bool VerifyAggregate { get; init; } = true;

    /// <summary>The largest accepted request body; larger requests get 413.</summary>
    public long MaxBodySize { get; init; } = DefaultMaxBodySize;

    /// <summary>
    /// The most request-body bytes held in memory at once over all requests (received bytes, not declared ones); a
    /// request whose bytes do not fit is answered 503 with <c>Retry-After</c>.
    /// </summary>
    public long MaxInFlightBodyBytes { get; init; } = DefaultMaxInFlightBodyBytes;

    /// <summary>Connections Kestrel keeps open at once; more are closed as they arrive.</summary>
    public long MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>
    /// The slowest request body Kestrel tolerates, in bytes per second averaged after a 5-second grace period; a
    /// slower upload is cut off (408).
    /// </summary>
    public double MinBodyDataRate { get; init; } = DefaultMinBodyDataRate;

    /// <summary>How long a client may take to send the request line and headers.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle keep-alive connection stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long error receipts of others' invocations are kept (then pruned). Default 7 days.</summary>
    public TimeSpan ErrorReceiptRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often <c>dealer serve</c> prunes error receipts past their retention.</summary>
    public TimeSpan ErrorReceiptPruneInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How often the cron looks for decided deals.</summary>
    public TimeSpan CronInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many deals one cron page reads.</summary>
    public int CronPageSize { get; init; } = 100;

    /// <summary>
    /// How many queue messages the consumer takes at once: up to 64 from the embedded queue (recorded in one commit),
    /// which keeps up with a full HTTP load; SQS gives at most 10 per receive whatever is asked.
    /// </summary>
    public int ConsumerBatchSize { get; init; } = 64;

    /// <summary>How long one receive long-polls.</summary>
    public TimeSpan ConsumerWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a received queue message stays hidden (embedded store).</summary>
    public TimeSpan QueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many deliveries a queue message gets before it is dead-lettered (embedded store).</summary>
    public int QueueMaxReceives { get; init; } = 5;

    /// <summary>Which store backend to use.</summary>
    public StoreKind Store { get; init; } = StoreKind.Embedded;

    /// <summary>The AWS settings given as flags (over the <c>DEALER_AWS_*</c> environment) for <see cref="StoreKind.Aws"/>.</summary>
    public AwsSettings Aws { get; init; } = new();

    /// <summary>Whether <c>serve</c> runs the queue consumer in-process.</summary>
    public bool RunConsumer { get; init; } = true;

    /// <summary>Whether <c>serve</c> runs the cron in-process.</summary>
    public bool RunCron { get; init; } = true;

    /// <summary>How often <c>serve</c> reads the stores for the queue, dead-letter, deal and readiness gauges.</summary>
    public TimeSpan MetricsRefresh { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How log lines are written to stderr.</summary>
    public DealerLogFormat LogFormat { get; init; } = DealerLogFormat.Text;

    /// <summary>The lowest level logged.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Throws <see cref="ArgumentException"/> when the settings contradict each other.</summary>
    public void Validate()
    {
        if (!Listen.IsAbsoluteUri || (Listen.Scheme != Uri.UriSchemeHttp && Listen.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--listen must be an absolute http(s) URL, got '{Listen}'.");
        }

        if (Listen.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            && !string.Equals(Listen.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel would bind any other host name to every interface.
            throw new ArgumentException($"--listen: '{Listen.OriginalString}' must name an IP address or localhost.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("--data-dir must not be empty.");
        }

        if (Key is not null && KeyFile is not null)
        {
            throw new ArgumentException("Give either --key or --key-file, not both.");
        }

        if (Did is not null && !Did.StartsWith("did:web:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"--did must be a did:web identity, got '{Did}'.");
        }

        if (MinAggregateSize < 0 || MaxAggregateSize <= 0 || MinAggregateSize > MaxAggregateSize)
        {
            throw new ArgumentException(
                $"Aggregate size limits must satisfy 0 <= min <= max and max > 0 (min {MinAggregateSize}, max {MaxAggregateSize}).");
        }

        if (MaxBodySize <= 0)
        {
            throw new ArgumentException("--max-body-size must be positive.");
        }

        if (MaxInFlightBodyBytes < MaxBodySize)
        {
            throw new ArgumentException(
                $"--max-inflight-body-bytes ({MaxInFlightBodyBytes}) must be at least --max-body-size ({MaxBodySize}), or no large request could ever be read.");
        }

        if (MaxConnections <= 0 || MinBodyDataRate <= 0 || HeadersTimeout <= TimeSpan.Zero || KeepAliveTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("--max-connections, --min-body-rate, --headers-timeout and --keep-alive-timeout must be positive.");
        }

        if (ErrorReceiptRetention <= TimeSpan.Zero || ErrorReceiptPruneInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("--error-receipt-retention-days must be positive.");
        }

        if (CronInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("--cron-interval must be positive.");
        }

        if (MetricsRefresh <= TimeSpan.Zero)
        {
            throw new ArgumentException("--metrics-refresh must be positive.");
        }

        if (CronPageSize <= 0 || ConsumerBatchSize <= 0 || QueueMaxReceives <= 0)
        {
            throw new ArgumentException("Page, batch and receive counts must be positive.");
        }

        if (ConsumerWait < TimeSpan.Zero || QueueVisibilityTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Queue timings must not be negative.");
        }
    }
}
