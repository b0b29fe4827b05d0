using Dealer.Service.Hosting;
using Dealer.Service.Configuration;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Observability;

/// <summary>
/// Refreshes the store-reading gauges every <see cref="DealerOptions.MetricsRefresh"/>: queue depth, dead letters,
/// deals by status with the oldest OFFERED one (through the <c>stat</c> index: SQL counts on the embedded store,
/// <c>Select = COUNT</c> queries and SQS's approximate counts on AWS), and the readiness checks. Scrapes read the
/// snapshot, so however often Prometheus scrapes, the stores see one round of reads per interval.
/// </summary>
internal sealed partial class DealerGauges : DealerBackgroundService
{
    /// <summary>How long one refresh may read before its missing values are left out of the snapshot.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private static readonly DealStatus[] Statuses = [DealStatus.Offered, DealStatus.Approved, DealStatus.Rejected];
    private readonly DealerStores _stores;
    private readonly DealerMetrics _metrics;
    private readonly HealthCheckService _health;
    private readonly DealerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealerGauges> _logger;

    /// <summary>Creates the refresher.</summary>
    public DealerGauges(DealerStores stores, DealerMetrics metrics, HealthCheckService health, DealerOptions options, TimeProvider clock,
        ILogger<DealerGauges> logger)
    {
        _stores = stores;
        _metrics = metrics;
        _health = health;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Reads everything once and publishes the snapshot.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        var token = timeout.Token;
        var queue = ReadAsync("dealer-queue depth", () => _stores.Queue.CountAsync(token), cancellationToken);
        var deadLetters = _stores.DeadLetters is { } letters
            ? ReadAsync("dead letters", () => letters.CountAsync(token), cancellationToken)
            : Task.FromResult<(bool, long)>((false, 0));
        var summaries = Statuses.Select(async status => (status, read: await ReadAsync($"{status} deals",
            () => _stores.Deals.SummarizeAsync(status, token), cancellationToken).ConfigureAwait(false))).ToArray();
        var ready = _health.CheckHealthAsync(check => check.Tags.Contains(DealerHealth.ReadyTag), cancellationToken);

        var deals = new Dictionary<DealStatus, DealStatusSummary>();
        foreach (var (status, (ok, summary)) in await Task.WhenAll(summaries).ConfigureAwait(false))
        {
            if (ok)
            {
                deals[status] = summary!;
            }
        }

        var report = await ready.ConfigureAwait(false);
        if (report.Status != HealthStatus.Healthy && _logger.IsEnabled(LogLevel.Warning))
        {
            LogNotReady(string.Join("; ", report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy)
                .Select(entry => $"{entry.Key}: {entry.Value.Description}")));
        }

        _metrics.Publish(new GaugeSnapshot(_clock.GetUtcNow(), Value(await queue.ConfigureAwait(false)),
            Value(await deadLetters.ConfigureAwait(false)), deals, report.Status == HealthStatus.Healthy ? 1 : 0));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.MetricsRefresh, _clock);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // The host was torn down under a refresh (a start that failed, e.g. its port in use): nothing left to report.
        }
    }

    private static long? Value((bool Ok, long Value) read) => read.Ok ? read.Value : null;

    private async Task<(bool Ok, T? Value)> ReadAsync<T>(string what, Func<Task<T>> read, CancellationToken stopping)
    {
        try
        {
            return (true, await read().ConfigureAwait(false));
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // A store that is down or slow: its series disappear until it answers again (dealer_ready says why).
            LogReadFailed(what, e.Message);
            return (false, default);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics: reading the {What} failed ({Reason}); its gauge is left out until the next refresh")]
    private partial void LogReadFailed(string what, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Checks}")]
    private partial void LogNotReady(string checks);
}
