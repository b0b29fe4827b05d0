using Dealer.Service.Hosting;
using System.Diagnostics;
using Dealer.Service.Configuration;
using Dealer.Service.Observability;
using Dealer.Store.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dealer.Service.Cron;

/// <summary>Runs <see cref="DealCron.TickAsync"/> every <see cref="DealerOptions.CronInterval"/> inside <c>dealer serve</c>.</summary>
internal sealed partial class DealCronService : DealerBackgroundService
{
    private readonly DealCron _cron;
    private readonly DealerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DealCronService> _logger;
    private readonly DealerMetrics? _metrics;

    /// <summary>Creates the service; <paramref name="metrics"/> gets each tick's duration, failures and approvals.</summary>
    public DealCronService(DealCron cron, DealerOptions options, TimeProvider clock, ILogger<DealCronService> logger,
        DealerMetrics? metrics = null)
    {
        _cron = cron;
        _options = options;
        _clock = clock;
        _logger = logger;
        _metrics = metrics;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CronInterval, _clock);
        try
        {
            do
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var result = await _cron.TickAsync(stoppingToken).ConfigureAwait(false);
                    _metrics?.RecordCronTick(Stopwatch.GetElapsedTime(started), result.Failed);
                    _metrics?.RecordAccepted(result.Approved);
                    if (result.Approved + result.Rejected + result.Failed > 0)
                    {
                        LogTick(result.Examined, result.Approved, result.Rejected, result.Pending, result.Failed);
                    }
                }
                catch (StoreException e)
                {
                    _metrics?.RecordCronFailure(Stopwatch.GetElapsedTime(started));
                    LogTickFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Cron: {Examined} offered, {Approved} approved, {Rejected} rejected, {Pending} pending, {Failed} failed")]
    private partial void LogTick(int examined, int approved, int rejected, int pending, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cron tick failed; retrying at the next interval")]
    private partial void LogTickFailed(Exception exception);
}
